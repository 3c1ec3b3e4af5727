"""First-time connection: register, consent, callback, the page updating by itself."""
import re
from datetime import timedelta

from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import (ADMIN, HX, authorize_through_page, consent_url,
                                                grant, link, section_path, text_of)
from webapp.extensions import db
from webapp.models import AuditEvent, Authorization


def status(client, location) -> str:
    """The section as a polling tab sees it."""
    return text_of(client.get(section_path(location), headers=HX))


def test_happy_path(client, sandbox, world):
    """Link BioTrack Account → consent → callback → Active with Created At and Expiration Date."""
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get("/config/integration/"))
    assert "BioTrack Access: User Credentials" in page and "Register User Credentials" in page
    form = text_of(client.get(section_path(world.a.downtown, "register"), headers=HX))
    assert 'value="NY-RET-000101"' in form

    pending = link(client, world.a.downtown)
    assert "Waiting for BioTrack" in text_of(pending)
    assert 'hx-trigger="every 2s"' in text_of(pending)
    url = consent_url(pending)
    assert "license=NY-RET-000101" in url and "code_challenge_method=S256" in url
    # Polling while pending keeps polling; the consent URL is handed to a new tab only once.
    poll = status(client, world.a.downtown)
    assert 'hx-trigger="every 2s"' in poll and "data-consent-url" not in poll
    # While nothing changes, the poll (which carries what it has seen) is an empty 204.
    poll_url = re.search(r'hx-get="([^"]+)"', poll).group(1)
    assert client.get(poll_url, headers=HX).status_code == 204

    done = client.get(grant(sandbox, url))
    assert done.status_code == 200 and "BioTrack access granted" in text_of(done)
    assert "<nav" not in text_of(done)  # a plain white page

    changed = client.get(poll_url, headers=HX)
    assert changed.status_code == 200 and "Active User Credentials" in text_of(changed)
    final = status(client, world.a.downtown)
    assert "Active User Credentials" in final and "Created At" in final
    assert "Expiration Date" in final and "hx-trigger" not in final
    assert ADMIN["password"] not in final
    auth = db.session.scalar(select(Authorization))
    assert auth.state == "active" and auth.expires_at - auth.granted_at == timedelta(days=100)
    live = [g for g in sandbox.grants() if not g["revoked"] and not g["superseded_by"]]
    assert [g["grant_id"] for g in live] == [auth.grant_id]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"integration.registered", "integration.authorized"} <= actions
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "integration.authorized"))
    assert event.biotrack_username == ADMIN["username"] and event.actor_id == world.a.admin.id


def test_dates_are_shown_in_the_store_time_zone(client, sandbox, world):
    """Created At / Expiration Date carry the store's zone."""
    world.a.downtown.time_zone = "America/Los_Angeles"
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    authorize_through_page(client, sandbox, world.a.downtown)
    text = status(client, world.a.downtown)
    assert " PST" in text or " PDT" in text


def test_denial_is_shown_and_polling_stops(client, sandbox, world):
    """Deny on the consent screen: failed with the reason; Register is offered again."""
    login(client, world.a.admin.email, PASSWORD)
    url = consent_url(link(client, world.a.downtown))
    done = text_of(client.get(grant(sandbox, url, deny=True)))
    assert "Access was denied on BioTrack's consent screen." in done
    section = status(client, world.a.downtown)
    assert "Access was denied" in section and "Register User Credentials" in section
    assert "hx-trigger" not in section
    assert db.session.scalar(select(Authorization)).state == "failed"


def test_wrong_password_is_caught_before_consent(client, sandbox, world):
    """A typo is caught here with BioTrack's reason, on the password field; nothing saved."""
    login(client, world.a.admin.email, PASSWORD)
    text = text_of(link(client, world.a.downtown, password="wrong-pass"))
    assert "BioTrack refused this sign-in" in text and 'id="password-error"' in text
    assert 'value="wrong-pass"' not in text and f'value="{ADMIN["username"]}"' in text
    assert db.session.scalar(select(Authorization)) is None


def test_non_admin_and_wrong_license_are_field_errors(client, sandbox, world):
    """An employee account cannot grant; a license not of this store is refused."""
    login(client, world.a.admin.email, PASSWORD)
    text = text_of(link(client, world.a.downtown, username="clerk@demo.test",
                        password="bt-clerk-pass"))
    assert "This BioTrack user is not an admin" in text
    text = text_of(link(client, world.a.downtown, license="NY-RET-000102"))
    assert "This store's BioTrack license is NY-RET-000101, not NY-RET-000102." in text
    text = text_of(link(client, world.a.downtown, ubi="12345", username="nope"))
    assert "9-digit" in text and "e-mail address of your BioTrack admin" in text


def test_store_without_license_says_so(client, world):
    """The prerequisite is shown with a link to Organization Management."""
    world.a.uptown.biotrack_license = None
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    post(client, "/store", {"location_id": world.a.uptown.id})
    text = text_of(client.get("/config/integration/"))
    assert "This store has no BioTrack license yet" in text
    assert f"/admin/locations/{world.a.uptown.id}" in text


def test_sandbox_down_gives_a_clear_message_and_saves_nothing(client, sandbox, world):
    """BioTrack unreachable at sign-in: a message, the input kept, no row."""
    login(client, world.a.admin.email, PASSWORD)
    sandbox.fault("http_503", "/v1/login", count=5)
    text = text_of(link(client, world.a.downtown))
    assert "BioTrack cannot be reached right now" in text and "Nothing was saved" in text
    assert db.session.scalar(select(Authorization)) is None


def test_token_exchange_failure_saves_no_grant(client, sandbox, world):
    """BioTrack down when the code is exchanged: failed with the reason, no token stored."""
    login(client, world.a.admin.email, PASSWORD)
    url = consent_url(link(client, world.a.downtown))
    callback = grant(sandbox, url)
    sandbox.fault("http_503", "/oauth/token", count=5)
    assert "could not be reached" in text_of(client.get(callback))
    auth = db.session.scalar(select(Authorization))
    assert auth.state == "failed" and auth.access_token is None


def test_several_stores_each_have_their_own(client, sandbox, world):
    """Downtown authorized, Uptown not: a link naming Uptown shows Uptown's, switching nothing."""
    login(client, world.a.admin.email, PASSWORD)
    authorize_through_page(client, sandbox, world.a.downtown)
    assert "Active User Credentials" in text_of(client.get("/config/integration/"))
    response = client.get(f"/config/integration/?location={world.a.uptown.id}")
    assert response.status_code == 200
    text = text_of(response)
    assert "Register User Credentials" in text and "Active User Credentials" not in text
    assert "you are still working in Downtown" in text and "Work in Uptown" in text
    # The saved choice is unchanged: a GET never changes state.
    assert "Active User Credentials" in text_of(client.get("/config/integration/"))
    post(client, "/store", {"location_id": world.a.uptown.id, "next": "/config/integration/"})
    text = text_of(client.get("/config/integration/"))
    assert "Register User Credentials" in text and "still working in" not in text
