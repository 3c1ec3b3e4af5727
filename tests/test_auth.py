"""Signing in and out, throttling, session revocation, HTMX and expired sessions."""
import logging

from sqlalchemy import select

from tests.fixtures.app import csrf_token, login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, User


def _attempt(client, email, password):
    """One sign-in attempt through the form."""
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def test_sign_in_and_out(client, world):
    """A correct password signs in; sign-out ends the session."""
    response = _attempt(client, world.a.admin.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Demo Dispensary Admin" in client.get("/").get_data(as_text=True)
    post(client, "/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_keeps_email_not_password(client, world):
    """The form comes back with a message, the e-mail kept, the password blank."""
    html = _attempt(client, world.a.admin.email, "nope").get_data(as_text=True)
    assert "Wrong e-mail or password" in html
    assert f'value="{world.a.admin.email}"' in html
    assert 'type="password" value=""' in html or 'value="nope"' not in html


def test_deactivated_user_cannot_sign_in(client, world):
    """Deactivated accounts are refused."""
    world.a.clerk.active = False
    db.session.commit()
    assert _attempt(client, world.a.clerk.email, PASSWORD).status_code == 200


def test_failed_sign_ins_are_logged_and_audited(client, world, caplog):
    """Each failure leaves a log line and an audit event, never the password."""
    with caplog.at_level(logging.WARNING, logger="webapp.auth.services"):
        _attempt(client, world.a.clerk.email, "guess-1")
    assert "failed sign-in for 'clerk@a.test': wrong password" in caplog.text
    assert "guess-1" not in caplog.text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
    assert event.organization_id == world.a.org.id and event.details["reason"] == "wrong password"


def test_throttled_after_repeated_failures(client, world):
    """Ten failures in a row for one account and address, then 429 with a message."""
    for _ in range(10):
        assert _attempt(client, world.a.clerk.email, "wrong").status_code == 200
    response = _attempt(client, world.a.clerk.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    # Another account from the same address is not locked out by this one.
    assert _attempt(client, world.a.admin.email, PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_limit(client, world):
    """Only failures are deducted."""
    for _ in range(12):
        assert _attempt(client, world.a.clerk.email, PASSWORD).status_code == 302
        post(client, "/logout")


def test_open_redirects_are_refused(client, world):
    """`next` only leads back into the site."""
    token = csrf_token(client, "/login")
    response = client.post("/login?next=//evil.example/x", data={
        "email": world.a.admin.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_password_change_signs_out_other_sessions(app, world):
    """Changing the password revokes every other session; this one stays."""
    first, second = app.test_client(), app.test_client()
    login(first, world.a.clerk.email, PASSWORD)
    login(second, world.a.clerk.email, PASSWORD)
    response = post(first, "/account/", {"current": PASSWORD, "password": "a-new-password-1",
                                         "confirm": "a-new-password-1"}, page="/account/")
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_wrong_current_password_is_refused(client, world):
    """The current password must be right to change it."""
    login(client, world.a.clerk.email, PASSWORD)
    html = post(client, "/account/", {"current": "bad", "password": "a-new-password-1",
                                      "confirm": "a-new-password-1"},
                page="/account/").get_data(as_text=True)
    assert "That is not your current password." in html


def test_htmx_request_with_expired_session_redirects_the_whole_page(client, world):
    """No login page is swapped into a fragment: HTMX is told to load it instead."""
    response = client.get("/admin/users", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
    assert response.get_data(as_text=True) == ""
    # A state-changing HTMX request whose session (and CSRF token) is gone: the same.
    response = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": "stale"})
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_cookies_and_security_headers(client, world):
    """HttpOnly, SameSite=Lax session cookie; CSP without inline scripts."""
    response = _attempt(client, world.a.admin.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = page.get_data(as_text=True)
    assert html.count("<script") == html.count("<script src=")


def test_production_cookies_are_secure(app):
    """Production settings mark cookies Secure (tests turn that off)."""
    from webapp.config import base_settings
    settings = base_settings(app.instance_path)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["WTF_CSRF_TIME_LIMIT"] is None


def test_invitation_sets_the_first_password(client, world):
    """An invited user chooses a password through the one-time link, once."""
    from webapp.auth.services import create_invitation
    from tests.fixtures.world import make_user
    user = make_user(world.a.org, "new@a.test", locations=[world.a.downtown])
    user.password_hash = None
    token = create_invitation(user, world.a.admin)
    db.session.commit()
    page = client.get(f"/invitation/{token}")
    assert "Choose a password for" in page.get_data(as_text=True)
    response = client.post(f"/invitation/{token}", data={
        "password": "short", "confirm": "short",
        "csrf_token": csrf_token(client, f"/invitation/{token}")})
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    response = client.post(f"/invitation/{token}", data={
        "password": "a-good-password", "confirm": "a-good-password",
        "csrf_token": csrf_token(client, f"/invitation/{token}")})
    assert response.status_code == 302
    assert client.get(f"/invitation/{token}").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("a-good-password")


def test_sign_in_urls_are_clean_and_lead_back(client, world):
    """No stray "?" (/login?next=/?); the page asked for, query included, comes back after."""
    assert client.get("/").headers["Location"] == "/login"
    assert client.get("/admin/users").headers["Location"] == "/login?next=/admin/users"
    asked = client.get("/admin/users?q=clerk").headers["Location"]
    assert asked == "/login?next=/admin/users?q%3Dclerk"
    htmx = client.post("/config/integration/1/test", headers={
        "HX-Request": "true", "HX-Current-URL": "http://localhost/config/integration/?x=1"})
    assert htmx.headers["HX-Redirect"] == "/login?next=/config/integration/?x%3D1"
    response = client.post(asked, data={"email": world.a.admin.email, "password": PASSWORD,
                                        "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/admin/users?q=clerk"
