"""Numbers too big for any id (beyond 64 bits) name nothing: 404 or the default, never a 500."""
import re

import pytest

from tests.fixtures.app import csrf_token, login, post
from tests.fixtures.world import PASSWORD
from tests.intake.helpers import token_for
from tests.routes import ROUTES

HUGE = 2**64 + 12345
# Every route of tests/routes.py whose URL names an object by number.
ID_ROUTES = (
    "account.credential_password_reset", "account.edit_credential", "account.remove_credential",
    "account.verify_credential", "admin.deactivate_user", "admin.edit_location",
    "admin.edit_role", "admin.edit_user", "admin.invite_user", "admin.reactivate_user",
    "api.get_action", "biotrack_users.confirm_link", "biotrack_users.invite",
    "biotrack_users.remove_link", "company.edit_company",
    "company.edit_credential", "company.remove_credential", "integration.cancel",
    "integration.deactivate", "integration.register", "integration.renew",
    "integration.status", "integration.test", "mail.retry", "notifications.remove_recipient",
    "delivery_log.correct", "delivery_log.report", "delivery_log.resend", "delivery_log.retry",
    "api_tokens.revoke", "delivery_log.send_as_default",
)


def _rules(app):
    """The URL rule of each endpoint."""
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


def test_the_list_names_every_id_route(app):
    """A new route with an id argument joins the sweep (or this fails)."""
    with_ids = {endpoint for endpoint, rule in _rules(app).items()
                if any(name.endswith("_id") for name in rule.arguments)}
    assert with_ids == set(ID_ROUTES)


@pytest.mark.parametrize("endpoint", ID_ROUTES)
def test_a_huge_id_is_not_found(app, client, world, endpoint):
    """Signed in as the admin (every permission), with a valid API token: 404, not 500."""
    login(client, world.a.admin.email, PASSWORD)
    path = re.sub(r"<(?:int:)?[a-z_]+_id>", str(HUGE), _rules(app)[endpoint].rule)
    headers = {"Authorization": f"Bearer {token_for(world.a.downtown)}"}
    if ROUTES[endpoint].method == "GET":
        response = client.get(path, headers=headers)
    else:
        response = client.post(path, headers=headers, data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404, (path, response.status_code)


def test_selecting_a_huge_store_is_not_found(client, world):
    """POST /store with a location_id beyond 64 bits."""
    login(client, world.a.admin.email, PASSWORD)
    assert post(client, "/store", {"location_id": str(HUGE)}).status_code == 404


@pytest.mark.parametrize("path", [
    "/reports?page={n}", "/reports?user={n}", "/admin/audit?page={n}", "/email/?page={n}",
    "/notifications/?page={n}", "/settings/companies?page={n}", "/account/traceability?location={n}",
    "/config/integration/?location={n}", "/biotrack/users?page={n}",
])
def test_huge_numbers_in_query_strings_are_ignored_or_not_found(client, world, path):
    """A number no id or page can be is treated as absent (or names nothing): never a 500."""
    login(client, world.a.admin.email, PASSWORD)
    response = client.get(path.format(n=HUGE))
    assert response.status_code in (200, 302, 404), (path, response.status_code)
