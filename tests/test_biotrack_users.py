"""BioTrack Users against the sandbox: list, view, create, edit, deactivate, reactivate, reset."""
import re

import pytest
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from webapp.biotrack import Credentials
from webapp.biotrack.app import get_client
from webapp.extensions import db
from webapp.models import AuditEvent, LinkedCredential

ADMIN = "biotrack-admin@demo.test"
NEW_USER = {"first_name": "Jamie", "last_name": "Budtender", "username": "jamie@demo.test",
            "licenses": ["NY-RET-000101"], "onboarding": "password",
            "password": "jamie-initial-1"}


@pytest.fixture
def admin(client, sandbox, world):
    """World A's admin, signed in, with Downtown authorized in the sandbox."""
    authorize_store(sandbox, world.a.downtown, registered_by=world.a.admin)
    login(client, world.a.admin.email, PASSWORD)
    return client


def html(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def create(client, **changes):
    """Submit the create form."""
    return post(client, "/biotrack/users/new", NEW_USER | changes, page="/biotrack/users/new")


def audit_actions() -> list[str]:
    """Audit actions recorded so far, oldest first."""
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_without_authorization_the_page_says_so_and_links_to_integration(client, world):
    """No active integrator authorization: an explanation and Config Page > Integration."""
    login(client, world.a.admin.email, PASSWORD)
    for path in ("/biotrack/users", "/biotrack/onboarding", "/biotrack/users/new"):
        page = html(client.get(path))
        assert "has no active BioTrack integrator authorization" in page
        assert 'href="/config/integration/"' in page and "Config Page &gt; Integration" in page
    response = post(client, "/biotrack/users/clerk@demo.test/deactivate")
    assert response.status_code == 302
    assert "has no active BioTrack integrator authorization" in html(client.get("/biotrack/users"))


def test_an_expired_grant_counts_as_no_authorization(admin, world):
    """usable_authorization ignores an expired grant."""
    from webapp.models import Authorization, utcnow
    auth = db.session.scalar(select(Authorization))
    auth.expires_at = utcnow()
    db.session.commit()
    assert "has no active BioTrack integrator authorization" in html(admin.get("/biotrack/users"))


def test_list_search_filter_and_who_linked(admin, world):
    """Users come from the API; search and the active/inactive filter; linked-by names the user."""
    db.session.add(LinkedCredential(
        organization_id=world.a.org.id, user_id=world.a.clerk.id, ubi="600123456",
        license="NY-RET-000101", username="clerk@demo.test", password="bt-clerk-pass"))
    db.session.commit()
    page = html(admin.get("/biotrack/users"))
    assert "biotrack-admin@demo.test" in page and "clerk@demo.test" in page
    assert "former.employee@demo.test" not in page  # active only by default
    assert f"linked by {world.a.clerk.name}" in page
    assert "integration account" in page
    inactive = html(admin.get("/biotrack/users?status=inactive"))
    assert "former.employee@demo.test" in inactive and "clerk@demo.test" not in inactive
    found = html(admin.get("/biotrack/users?q=Admin&status=all"))
    assert "biotrack-admin@demo.test" in found and "clerk@demo.test" not in found
    assert "1 BioTrack user matching “Admin”" in found


def test_htmx_gets_the_list_fragment_and_pages(admin, sandbox):
    """HTMX search returns only the list; more than a page of users is paginated by the API."""
    access_grant = _access(admin)
    for n in range(26):
        get_client().create_user(*access_grant, first_name="Temp", last_name=f"Worker {n:02d}",
                                 username=f"temp{n:02d}@demo.test", is_admin=False,
                                 password="temp-pass-123")
    fragment = html(admin.get("/biotrack/users?q=temp", headers={"HX-Request": "true"}))
    assert fragment.startswith('<div id="biotrack-user-list">') and "<html" not in fragment
    assert "page 1 of 2" in fragment and "temp00@demo.test" in fragment
    assert "temp25@demo.test" not in fragment and "Next page" in fragment
    second = html(admin.get("/biotrack/users?q=temp&status=active&page=2"))
    assert "temp25@demo.test" in second and "Previous page" in second and "<html" in second


def _access(client):
    """The grant and admin credentials of Downtown, as the app stores them."""
    from webapp.biotrack_users.access import store_access
    from webapp.models import Location
    location = db.session.scalar(select(Location).where(
        Location.biotrack_license == "NY-RET-000101"))
    access = store_access(location)
    return access.grant, access.admin


def test_view_one_user_and_unknown_user(admin):
    """One user's facts; a username BioTrack does not know is a 404."""
    page = html(admin.get("/biotrack/users/clerk@demo.test"))
    assert "<h1>Casey Clerk</h1>" in page and "NY-RET-000101, NY-RET-000102" in page
    assert "Send a password reset e-mail" in page and "Deactivate" in page
    assert admin.get("/biotrack/users/nobody@demo.test").status_code == 404


def test_create_with_initial_password(admin, world):
    """The user exists in BioTrack and can sign in; the creation is audited with the admin."""
    response = create(admin)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/biotrack/users/jamie@demo.test")
    me = get_client().whoami(Credentials("600123456", "NY-RET-000101", "jamie@demo.test",
                                         "jamie-initial-1"), fresh=True)
    assert (me.first_name, me.last_name, me.is_admin) == ("Jamie", "Budtender", False)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "biotrack_user.created"))
    assert event.actor_id == world.a.admin.id and event.biotrack_username == ADMIN
    assert event.details["username"] == "jamie@demo.test"
    assert "jamie-initial-1" not in str(event.details)


def test_create_with_password_email(admin, sandbox):
    """BioTrack e-mails the new user a link to choose their password."""
    response = create(admin, onboarding="email", password="")
    assert response.status_code == 302
    mail = [m for m in sandbox.outbox() if m["to"] == "jamie@demo.test"]
    assert mail and mail[0]["subject"] == "Your new BioTrack account"


def test_taken_username_is_caught_before_creating_and_offers_a_reset(admin, sandbox):
    """An existing username: nothing is sent to create; the way out is a password e-mail."""
    page = html(create(admin, username="clerk@demo.test"))
    assert "A BioTrack user clerk@demo.test already exists." in page
    assert 'id="username-error"' in page and 'value="Jamie"' in page
    assert "jamie-initial-1" not in page
    assert "Send a password reset e-mail" in page
    response = post(admin, "/biotrack/users/clerk@demo.test/password-reset",
                    {"next": "/biotrack/users/clerk@demo.test"})
    assert response.headers["Location"].endswith("/biotrack/users/clerk@demo.test")
    assert [m["subject"] for m in sandbox.outbox() if m["to"] == "clerk@demo.test"] == [
        "Reset your BioTrack password"]
    assert "biotrack_user.created" not in audit_actions()
    assert "biotrack_user.password_reset" in audit_actions()


def test_biotrack_field_errors_land_on_the_field(admin, sandbox):
    """BioTrack refuses what only it knows (a license it no longer has active): its message is
    shown on that field. (A short password no longer gets that far: the form checks it.)"""
    sandbox.set_license_status("NY-RET-000102", "inactive")
    page = html(create(admin, licenses=["NY-RET-000102"]))
    assert re.search(r'id="licenses-error">BioTrack: NY-RET-000102 is not an active license',
                     page)
    assert 'value="jamie@demo.test"' in page and "jamie-initial-1" not in page.split("<main")[1]


def test_unreachable_biotrack_keeps_the_input(admin, sandbox):
    """BioTrack down: a clear message, the form keeps its input, nothing is audited."""
    sandbox.fault("http_503", "/v1/users", method="POST", count=1)
    page = html(create(admin))
    assert "BioTrack cannot be reached right now" in page
    assert 'value="Jamie"' in page and 'value="Budtender"' in page
    assert 'value="jamie@demo.test"' in page and "jamie-initial-1" not in page
    assert "biotrack_user.created" not in audit_actions()


def test_revoked_grant_is_explained(admin, sandbox):
    """A grant BioTrack revoked: the page says to renew it on the Integration tab."""
    sandbox.revoke_grant("NY-RET-000101")
    page = html(admin.get("/biotrack/users"))
    assert "integrator authorization" in page and "Config Page &gt; Integration" in page


def test_edit_sends_only_changes_and_is_audited(admin, world):
    """Names and licenses change in BioTrack; an unchanged form changes nothing."""
    create(admin)
    form = {"first_name": "Jamie", "last_name": "Budtender-Lee",
            "licenses": ["NY-RET-000101", "NY-RET-000102"]}
    page = html(admin.get("/biotrack/users/jamie@demo.test/edit"))
    assert 'value="Budtender"' in page
    response = post(admin, "/biotrack/users/jamie@demo.test/edit", form,
                    page="/biotrack/users/jamie@demo.test/edit")
    assert response.status_code == 302
    user = get_client().get_user(*_access(admin), "jamie@demo.test")
    assert user.last_name == "Budtender-Lee" and set(user.licenses) == {"NY-RET-000101",
                                                                         "NY-RET-000102"}
    post(admin, "/biotrack/users/jamie@demo.test/edit", form,
         page="/biotrack/users/jamie@demo.test/edit")
    assert "Nothing changed." in html(admin.get("/biotrack/users/jamie@demo.test"))
    assert audit_actions().count("biotrack_user.updated") == 1


def test_the_last_admin_and_the_integration_account_keep_their_rights(admin):
    """Never demoted nor deactivated: first as the last admin, then as the integration's account."""
    edit = {"first_name": "Dana", "last_name": "Admin", "licenses": ["NY-RET-000101"]}
    page = html(post(admin, f"/biotrack/users/{ADMIN}/edit", edit,
                     page=f"/biotrack/users/{ADMIN}/edit"))
    assert "Cannot remove admin" in page and "last active BioTrack admin" in page
    response = post(admin, f"/biotrack/users/{ADMIN}/deactivate")
    assert response.status_code == 302
    assert "last active BioTrack admin" in html(admin.get(f"/biotrack/users/{ADMIN}"))

    create(admin, username="second.admin@demo.test", is_admin="y")
    page = html(post(admin, f"/biotrack/users/{ADMIN}/edit", edit,
                     page=f"/biotrack/users/{ADMIN}/edit"))
    assert "is the account the integration uses for NY-RET-000101" in page
    post(admin, f"/biotrack/users/{ADMIN}/deactivate")
    page = html(admin.get(f"/biotrack/users/{ADMIN}"))
    assert "Cannot deactivate" in page and "account the integration uses" in page
    user = get_client().get_user(*_access(admin), ADMIN)
    assert user.is_admin and user.active
    # Nor may it lose the store's license (reporting would stop).
    page = html(post(admin, f"/biotrack/users/{ADMIN}/edit",
                     edit | {"is_admin": "y", "licenses": ["NY-RET-000102"]},
                     page=f"/biotrack/users/{ADMIN}/edit"))
    assert 'id="licenses-error"' in page and "Keep NY-RET-000101" in page


def test_biotracks_own_last_admin_refusal_is_put_in_our_words():
    """The sandbox's 409 last_admin (a race our check lost) reads like our own guard."""
    from webapp.biotrack import LastAdmin
    from webapp.biotrack_users.guards import conflict_error
    access = type("Access", (), {"ubi": "600123456", "license": "NY-RET-000101"})()
    error = conflict_error(LastAdmin("last", status=409), "x@demo.test", access, "is_admin")
    assert error.field == "is_admin" and "last active BioTrack admin" in error.message


def test_deactivate_and_reactivate(admin, world):
    """Deactivate behind a dialog with named buttons; reactivate; both audited with the admin."""
    create(admin)
    page = html(admin.get("/biotrack/users/jamie@demo.test"))
    assert re.search(r"<dialog[^>]*>.*Deactivate jamie@demo.test\?.*Cancel.*Deactivate</button>",
                     page, re.S)
    post(admin, "/biotrack/users/jamie@demo.test/deactivate")
    assert not get_client().get_user(*_access(admin), "jamie@demo.test").active
    assert "Reactivate" in html(admin.get("/biotrack/users/jamie@demo.test"))
    post(admin, "/biotrack/users/jamie@demo.test/reactivate")
    assert get_client().get_user(*_access(admin), "jamie@demo.test").active
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(["biotrack_user.deactivated", "biotrack_user.reactivated"]))).all()
    assert [e.actor_id for e in events] == [world.a.admin.id] * 2
    assert all(e.biotrack_username == ADMIN and e.location_id == world.a.downtown.id
               for e in events)


def test_password_reset_for_a_deactivated_user_is_explained(admin):
    """BioTrack sends no e-mail to a deactivated user; the page says to reactivate first."""
    post(admin, "/biotrack/users/former.employee@demo.test/password-reset")
    page = html(admin.get("/biotrack/users/former.employee@demo.test"))
    assert "is deactivated in BioTrack; reactivate the user first." in page


def test_create_prefilled_from_a_tracebridge_user_of_this_organization_only(admin, world):
    """Onboarding's one click fills names and e-mail; another tenant's user is a 404."""
    page = html(admin.get(f"/biotrack/users/new?user={world.a.clerk.id}"))
    first, last = world.a.clerk.name.split(maxsplit=1)
    assert f'value="{first}"' in page and f'value="{last}"' in page
    assert f'value="{world.a.clerk.email}"' in page
    assert admin.get(f"/biotrack/users/new?user={world.b.clerk.id}").status_code == 404


def test_another_company_cannot_reach_these_users(client, sandbox, world):
    """Organization B's admin, authorized for its own UBI, sees only its own BioTrack users."""
    authorize_store(sandbox, world.a.downtown)
    authorize_store(sandbox, world.b.downtown, ubi="600987654",
                    username="harbor-admin@harbor.test", password="harbor-pass")
    login(client, world.b.admin.email, PASSWORD)
    page = html(client.get("/biotrack/users"))
    assert "harbor-admin@harbor.test" in page and "clerk@demo.test" not in page
    assert client.get("/biotrack/users/clerk@demo.test").status_code == 404
    post(client, "/biotrack/users/clerk@demo.test/deactivate")
    assert get_client().get_user(*_access(client), "clerk@demo.test").active


def test_clerk_is_forbidden(client, sandbox, world):
    """Without manage_biotrack_users: 403, and no sidebar link."""
    authorize_store(sandbox, world.a.downtown)
    login(client, world.a.clerk.email, PASSWORD)
    assert client.get("/biotrack/users").status_code == 403
    assert "BioTrack Users" not in html(client.get("/"))
