"""The callback refuses what it must: unknown, replayed, expired or foreign states."""
from datetime import timedelta

from sqlalchemy import select, update

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD, make_user
from tests.config_page.integration.flow import HX, consent_url, grant, link, section_path, text_of
from webapp.extensions import db
from webapp.models import Authorization, ConsentRequest, utcnow


def _pending_callback(client, sandbox, world):
    """Start a registration and pass the consent screen; returns the callback path."""
    login(client, world.a.admin.email, PASSWORD)
    return grant(sandbox, consent_url(link(client, world.a.downtown)))


def test_unknown_or_missing_state(client, world):
    """A state we never issued is refused with a page that says so."""
    login(client, world.a.admin.email, PASSWORD)
    response = client.get("/config/integration/callback?state=made-up&code=x")
    assert response.status_code == 400
    assert "does not match any request we made" in text_of(response)
    assert client.get("/config/integration/callback?code=x").status_code == 400


def test_state_used_twice(client, sandbox, world):
    """The second use of a state changes nothing, and the grant keeps working."""
    callback = _pending_callback(client, sandbox, world)
    assert client.get(callback).status_code == 200
    again = client.get(callback)
    assert again.status_code == 409 and "already used" in text_of(again)
    response = client.post(section_path(world.a.downtown, "test"), headers=dict(
        HX, **{"X-CSRFToken": _token(client)}))
    assert "Test connection passed" in text_of(response)


def _token(client):
    """A CSRF token for HTMX posts."""
    from tests.fixtures.app import csrf_token
    return csrf_token(client, "/config/integration/")


def test_expired_state(client, sandbox, world):
    """A consent completed after the request expired is refused; the registration fails."""
    callback = _pending_callback(client, sandbox, world)
    db.session.execute(update(ConsentRequest).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get(callback)
    assert response.status_code == 400 and "has expired" in text_of(response)
    db.session.expire_all()
    assert db.session.scalar(select(Authorization)).state == "failed"
    assert db.session.scalar(select(Authorization)).access_token is None


def test_pending_request_expires_while_polling(client, sandbox, world):
    """A tab left open: the poll reports the timeout and stops."""
    login(client, world.a.admin.email, PASSWORD)
    link(client, world.a.downtown)
    db.session.execute(update(ConsentRequest).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    text = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert "not completed within 10 minutes" in text and "hx-trigger" not in text


def test_another_organization_cannot_complete_it(app, client, sandbox, world):
    """A callback of organization A's request, opened by organization B's admin: 403."""
    callback = _pending_callback(client, sandbox, world)
    other = app.test_client()
    login(other, world.b.admin.email, PASSWORD)
    response = other.get(callback)
    assert response.status_code == 403 and "a store you do not manage" in text_of(response)
    assert client.get(callback).status_code == 200  # still usable by the right person


def test_a_user_without_that_store_cannot_complete_it(app, client, sandbox, world):
    """Same organization, no access to that store (or no config_page): 403."""
    callback = _pending_callback(client, sandbox, world)
    uptown_admin = make_user(world.a.org, "up@a.test", permissions={"config_page"},
                             locations=[world.a.uptown])
    db.session.commit()
    other = app.test_client()
    login(other, uptown_admin.email, PASSWORD)
    assert other.get(callback).status_code == 403
    login(other, world.a.clerk.email, PASSWORD)
    assert other.get(callback).status_code == 403


def test_signed_out_tab_signs_in_then_completes(app, sandbox, world):
    """If the session ended, sign in and the same callback completes."""
    first = app.test_client()
    login(first, world.a.admin.email, PASSWORD)
    callback = grant(sandbox, consent_url(link(first, world.a.downtown)))
    fresh = app.test_client()
    response = fresh.get(callback)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    from tests.fixtures.app import csrf_token
    response = fresh.post(response.headers["Location"], data={
        "email": world.a.admin.email, "password": PASSWORD, "csrf_token": csrf_token(fresh)})
    assert response.headers["Location"].startswith("/config/integration/callback?")
    assert "BioTrack access granted" in text_of(fresh.get(response.headers["Location"]))
