"""Manage Account > My BioTrack credentials: each user links their own BioTrack account."""
import re

import pytest
from sqlalchemy import select, text

from tests.fixtures.secrets import columns_holding
from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import AuditEvent, LinkedCredential

CLERK = {"username": "clerk@demo.test", "password": "bt-clerk-pass"}
NEW = "/account/credentials/new"


@pytest.fixture
def clerk(client, sandbox, world):
    """World A's clerk, signed in; Downtown is authorized (its UBI is known), Uptown is not."""
    authorize_store(sandbox, world.a.downtown)
    login(client, world.a.clerk.email, PASSWORD)
    return client


def html(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def add(client, location, **changes):
    """Submit "Add Your BioTrack API Credentials"."""
    data = {"provider": "biotrack", "location": location.id, "ubi": ""} | CLERK | changes
    return post(client, NEW, data, page=NEW)


def belongs_to(world, username, user) -> None:
    """An admin assigns the BioTrack user to the employee (BioTrack Users > Belongs to)."""
    from webapp.credentials import ownership
    ownership.assign(world.a.admin, username, user)


def live(user) -> list[LinkedCredential]:
    """The user's live credentials, fresh from the database."""
    db.session.expire_all()
    return list(db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.user_id == user.id, LinkedCredential.status != "removed")))


def test_manage_account_leads_to_the_one_credentials_page(clerk):
    """Avatar menu > Manage Account > My BioTrack credentials: one page, the old address too."""
    assert 'href="/account/"' in html(clerk.get("/"))
    account = html(clerk.get("/account/"))
    assert '<a href="/account/credentials"' in account and "My BioTrack credentials" in account
    old = clerk.get("/account/traceability")
    assert old.status_code == 302 and old.headers["Location"].endswith("/account/credentials")
    settings = html(clerk.get("/account/credentials"))
    assert "reported as the store's default BioTrack user" in settings
    assert ">Add Your BioTrack API Credentials</a>" in settings
    assert "You have not linked a BioTrack account yet" in settings


def test_add_is_verified_by_biotrack_and_listed_without_the_password(clerk, world):
    """The UBI comes from the store's authorization; the list shows everything but the password."""
    response = add(clerk, world.a.downtown)
    assert response.status_code == 302, html(response)
    [credential] = live(world.a.clerk)
    assert (credential.ubi, credential.license, credential.status) == (
        "600123456", "NY-RET-000101", "valid")
    assert credential.last_verified_at is not None
    page = html(clerk.get("/account/credentials"))
    row = re.search(r"<tr>\s*<td>BioTrack</td>.*?</tr>", page, re.S).group(0)
    for text_ in ("NY-RET-000101", "Downtown", "clerk@demo.test", "Valid", "EST"):
        assert text_ in row or (text_ == "EST" and "EDT" in row)
    assert "bt-clerk-pass" not in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.linked"))
    assert event.actor_id == world.a.clerk.id and event.biotrack_username == "clerk@demo.test"


def test_a_store_without_authorization_needs_the_typed_ubi(clerk, world):
    """Uptown is not connected: the UBI must be typed (9 digits), then it links."""
    page = html(add(clerk, world.a.uptown))
    assert re.search(r'id="ubi-error">Enter your company&#39;s BioTrack UBI', page)
    page = html(add(clerk, world.a.uptown, ubi="12345"))
    assert "The UBI is 9 digits" in page
    assert add(clerk, world.a.uptown, ubi="600123456").status_code == 302
    assert [c.license for c in live(world.a.clerk)] == ["NY-RET-000102"]


def test_a_typed_ubi_must_match_the_connected_store(clerk, world):
    """A store connected to BioTrack knows its UBI; another one is refused on the UBI field."""
    page = html(add(clerk, world.a.downtown, ubi="600987654"))
    assert 'id="ubi-error"' in page and "uses BioTrack UBI 600123456" in page


@pytest.mark.parametrize("changes, field, reason", [
    ({"password": "wrong-password"}, "password", "The password for clerk@demo.test is wrong"),
    ({"username": "former.employee@demo.test", "password": "bt-former-pass"}, "username",
     "BioTrack user former.employee@demo.test is deactivated"),
    ({"username": "nobody@demo.test"}, "username", "No BioTrack user nobody@demo.test exists"),
])
def test_biotrack_refusals_show_its_reason_on_the_field(clerk, world, changes, field, reason):
    """Wrong password, deactivated or unknown user: refused, nothing saved, input kept."""
    if "username" in changes:
        belongs_to(world, changes["username"], world.a.clerk)
    page = html(add(clerk, world.a.downtown, **changes))
    assert re.search(rf'id="{field}-error">{re.escape(reason)}', page), page[-3000:]
    username = changes.get("username", CLERK["username"])
    assert f'value="{username}"' in page
    assert re.search(rf'<option selected value="{world.a.downtown.id}"', page)
    assert changes.get("password", CLERK["password"]) not in page
    assert live(world.a.clerk) == []


def test_a_license_the_biotrack_user_cannot_act_for_is_refused(clerk, sandbox, world):
    """BioTrack's no_license_access lands on the License field."""
    from webapp.biotrack.app import get_client
    from webapp.biotrack_users.access import store_access
    access = store_access(world.a.downtown)
    get_client().create_user(access.grant, access.admin, first_name="Only", last_name="Uptown",
                             username="only.uptown@demo.test", is_admin=False,
                             licenses=["NY-RET-000102"], password="uptown-pass-1")
    belongs_to(world, "only.uptown@demo.test", world.a.clerk)
    page = html(add(clerk, world.a.downtown, username="only.uptown@demo.test",
                    password="uptown-pass-1"))
    assert re.search(r'id="location-error">BioTrack user only.uptown@demo.test has no access', page)


def test_one_active_credential_per_license_and_per_biotrack_account(clerk, client, world):
    """A second one for the same license is refused; after removing it, linking works again."""
    add(clerk, world.a.downtown)
    page = html(add(clerk, world.a.downtown))
    assert re.search(r'id="location-error">You already have a credential for NY-RET-000101', page)
    [credential] = live(world.a.clerk)
    post(clerk, f"/account/credentials/{credential.id}/remove")
    assert live(world.a.clerk) == []
    assert add(clerk, world.a.downtown).status_code == 302
    # Someone else of the organization may not link the clerk's BioTrack account too.
    login(client, world.a.admin.email, PASSWORD)
    page = html(add(client, world.a.downtown))
    assert 'id="username-error">clerk@demo.test is not your BioTrack account' in page


def test_the_partial_unique_index_allows_one_live_credential(app, world):
    """The database itself refuses two live credentials for one user and license."""
    from sqlalchemy.exc import IntegrityError
    row = dict(organization_id=world.a.org.id, user_id=world.a.clerk.id, ubi="600123456",
               license="NY-RET-000101", username="clerk@demo.test")
    db.session.add(LinkedCredential(**row, status="removed"))
    db.session.add(LinkedCredential(**row, password="x", status="valid"))
    db.session.commit()
    db.session.add(LinkedCredential(**row, password="y", status="invalid"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_license_query_parameter_preselects_one_of_the_users_stores(clerk, world):
    """An invitation's link (?license= or ?location=) opens the form on that store."""
    page = html(clerk.get(f"{NEW}?license=NY-RET-000102"))
    assert re.search(rf'<option selected value="{world.a.uptown.id}"', page)
    page = html(clerk.get(f"{NEW}?location={world.a.downtown.id}"))
    assert re.search(rf'<option selected value="{world.a.downtown.id}"', page)
    assert 'value="600123456"' in page and f'value="{world.a.clerk.email}"' in page
    page = html(clerk.get(f"{NEW}?license={world.b.downtown.biotrack_license}"))
    assert "<option selected" not in page and world.b.downtown.biotrack_license not in page


def test_only_the_users_own_stores_can_be_linked(clerk, world):
    """Another store (of this or another organization) is refused."""
    page = html(add(clerk, world.b.downtown))
    assert 'id="location-error">Choose the license of one of your stores.' in page
    world.a.clerk.locations = [world.a.uptown]
    db.session.commit()
    assert 'id="location-error"' in html(add(clerk, world.a.downtown))


def test_update_password(clerk, sandbox, world):
    """A wrong new password is refused; the right one is stored and verified."""
    add(clerk, world.a.downtown)
    [credential] = live(world.a.clerk)
    sandbox.set_password("clerk@demo.test", "bt-clerk-new-1")
    path = f"/account/credentials/{credential.id}"
    page = html(post(clerk, path, {"password": "still-wrong-1"}, page=path))
    assert 'id="password-error">The password for clerk@demo.test is wrong' in page
    assert "still-wrong-1" not in page
    assert post(clerk, path, {"password": "bt-clerk-new-1"}, page=path).status_code == 302
    [credential] = live(world.a.clerk)
    assert credential.password == "bt-clerk-new-1" and credential.status == "valid"


def test_remove_keeps_history_without_the_password(clerk, world):
    """A removed credential stays as history (status removed) but its password is gone."""
    add(clerk, world.a.downtown)
    [credential] = live(world.a.clerk)
    page = html(clerk.get("/account/credentials"))
    assert re.search(r"<dialog[^>]*>.*Remove this credential\?.*Cancel.*Remove</button>", page,
                     re.S)
    post(clerk, f"/account/credentials/{credential.id}/remove")
    raw = db.session.execute(text(
        "SELECT status, password, removed_at FROM linked_credential")).one()
    assert raw.status == "removed" and raw.password is None and raw.removed_at is not None
    assert "credential.removed" in db.session.scalars(select(AuditEvent.action)).all()
    assert clerk.get(f"/account/credentials/{credential.id}").status_code == 404


def test_request_a_password_reset_email(clerk, sandbox, world):
    """From a credential, and before linking (forgotten password): BioTrack e-mails the user."""
    add(clerk, world.a.downtown)
    [credential] = live(world.a.clerk)
    response = post(clerk, f"/account/credentials/{credential.id}/password-reset")
    assert response.status_code == 302
    assert [m["subject"] for m in sandbox.outbox()] == ["Reset your BioTrack password"]
    path = "/account/credentials/password-reset"
    response = post(clerk, path, {"location": world.a.uptown.id, "ubi": "600123456",
                                  "username": "clerk@demo.test"}, page=path)
    assert response.status_code == 302 and "license=NY-RET-000102" in response.headers["Location"]
    assert len(sandbox.outbox()) == 2
    page = html(post(clerk, path, {"location": world.a.uptown.id, "ubi": "",
                                   "username": "clerk@demo.test"}, page=path))
    assert 'id="ubi-error"' in page and 'value="clerk@demo.test"' in page


def test_unreachable_biotrack_saves_nothing_and_keeps_the_input(clerk, sandbox, world):
    """BioTrack down while verifying: a clear message; username and license kept."""
    sandbox.fault("http_503", "/v1/login", count=1)
    page = html(add(clerk, world.a.downtown))
    assert "BioTrack cannot be reached right now" in page
    assert 'value="clerk@demo.test"' in page and "bt-clerk-pass" not in page
    assert live(world.a.clerk) == []


def test_no_route_reaches_another_users_credential(client, sandbox, world):
    """Every credential route with someone else's id is a 404: colleague, admin, other tenant."""
    authorize_store(sandbox, world.a.downtown)
    login(client, world.a.clerk.email, PASSWORD)
    add(client, world.a.downtown)
    [credential] = live(world.a.clerk)
    other_clerk = make_user(world.a.org, "colleague@a.test", permissions={"perform_actions"},
                            locations=[world.a.downtown])
    db.session.commit()
    base = f"/account/credentials/{credential.id}"
    for email in (other_clerk.email, world.a.admin.email, world.b.admin.email):
        login(client, email, PASSWORD)
        assert client.get(base).status_code == 404, email
        for suffix, data in (("", {"password": "x-password-1"}), ("/verify", {}),
                             ("/remove", {}), ("/password-reset", {})):
            assert post(client, base + suffix, data).status_code == 404, (email, suffix)
        assert CLERK["username"] not in html(client.get("/account/credentials"))
    [still] = live(world.a.clerk)
    assert still.status == "valid" and still.password == CLERK["password"]


def test_no_plaintext_secret_in_any_column(clerk, world):
    """Raw SQL: the password is stored encrypted, and nowhere in the audit trail."""
    add(clerk, world.a.downtown)
    assert columns_holding("bt-clerk-pass") == []
    [stored] = db.session.execute(text("SELECT password FROM linked_credential")).one()
    assert stored.startswith("gAAAA")


def test_failed_sign_in_attempts_are_throttled_per_user(clerk, client, world):
    """Ten refused passwords, then a pause: TraceBridge is no way to guess BioTrack passwords."""
    for _ in range(10):
        assert add(clerk, world.a.downtown, password="guess-password").status_code == 200
    assert add(clerk, world.a.downtown).status_code == 429
    login(client, world.a.admin.email, PASSWORD)  # another user is not affected
    belongs_to(world, "biotrack-admin@demo.test", world.a.admin)
    assert add(client, world.a.downtown, username="biotrack-admin@demo.test",
               password="bt-admin-pass").status_code == 302
