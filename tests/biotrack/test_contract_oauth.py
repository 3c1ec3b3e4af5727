"""The integrator authorization against the sandbox: consent screen, code exchange, refresh, revoke, expiry."""
from datetime import timedelta

import pytest
import requests

from tests.fixtures.consent_page import parse
from webapp.biotrack import AuthorizationInvalid, BioTrackClient
from webapp.biotrack.records import utcnow

from .contract import ADMIN, ADMIN_DOWNTOWN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, DOWNTOWN, RIVERSIDE, UBI, UPTOWN, query


def consent(client, sandbox, *, license=DOWNTOWN, state="state-123", redirect_uri=None, ubi=UBI):
    verifier = client.new_code_verifier()
    url = client.consent_url(ubi=ubi, license=license, redirect_uri=redirect_uri or sandbox.redirect_uri, state=state, code_verifier=verifier)
    return url, verifier


def test_the_consent_screen_shows_what_is_asked_and_a_sign_in(sandbox, biotrack_client):
    url, _ = consent(biotrack_client, sandbox)
    page, _ = sandbox.consent_page(url)
    assert page.status == 200 and page.title == "Authorize Integrator Access"
    assert page.rows == {"Company": "TraceBridge Inc", "Application": "TraceBridge", "UBI": UBI, "Access Type": "Integrator",
                         "Location": DOWNTOWN, "Resource": "*", "Operation": "read_write"}
    assert {name: page.labels[name] for name in ("ubi", "username", "password")} == {"ubi": "UBI", "username": "Username", "password": "Password"}
    assert page.inputs["password"]["type"] == "password" and page.inputs["ubi"]["value"] == UBI
    assert "grant" in page.button("Grant Access")["class"] and page.button("Deny")
    assert page.form_method == "post"


def test_full_flow_gives_a_grant_for_100_days(sandbox, biotrack_client):
    url, verifier = consent(biotrack_client, sandbox)
    location = sandbox.grant_consent(url, ubi=UBI, username=ADMIN, password=ADMIN_PASSWORD)
    params = query(location)
    assert location.startswith(sandbox.redirect_uri + "?") and params["state"] == "state-123"
    before = utcnow()
    grant = biotrack_client.exchange_code(code=params["code"], redirect_uri=sandbox.redirect_uri, code_verifier=verifier)
    after = utcnow()
    assert (grant.license, grant.ubi, grant.scope) == (DOWNTOWN, UBI, "read_write")
    assert (grant.expires_at - grant.created_at).days == 100
    # BioTrack's times are whole seconds; the access token's life counts from when we asked.
    assert before + timedelta(seconds=3500) < grant.access_expires_at <= after + timedelta(hours=1)
    assert abs((grant.created_at - before).total_seconds()) < 2
    assert biotrack_client.list_users(grant, ADMIN_DOWNTOWN).total == 3


@pytest.mark.parametrize("ubi, username, password, message", [
    (UBI, ADMIN, "wrong-password", "The UBI, username or password is incorrect."),
    (UBI, "nobody@demo.test", "whatever1", "The UBI, username or password is incorrect."),
    (UBI, CLERK, CLERK_PASSWORD, f"Only an admin of license {DOWNTOWN} can grant access. Sign in with an admin account."),
    ("600987654", "harbor-admin@harbor.test", "harbor-pass", f"This authorization is for UBI {UBI}. Sign in with an admin account of that UBI."),
    (UBI, ADMIN, "", "Enter your UBI, username and password."),
])
def test_a_wrong_sign_in_shows_the_screen_again_with_an_error(sandbox, biotrack_client, ubi, username, password, message):
    url, _ = consent(biotrack_client, sandbox)
    page, browser = sandbox.consent_page(url)
    resp = sandbox.submit_consent(page, browser, ubi=ubi, username=username, password=password)
    again = parse(url, resp.status_code, resp.text)
    assert resp.status_code == 400 and again.error == message
    assert again.rows["Location"] == DOWNTOWN and again.inputs["username"]["value"] == username
    assert again.inputs["ubi"]["value"] == ubi and again.inputs["password"].get("value", "") == ""
    ok = sandbox.submit_consent(again, browser, ubi=UBI, username=ADMIN, password=ADMIN_PASSWORD)
    assert ok.status_code == 302 and "code" in query(ok.headers["Location"])


def test_a_deactivated_admin_cannot_grant(sandbox, biotrack_client):
    grant = sandbox.authorize(biotrack_client)
    biotrack_client.create_user(grant, ADMIN_DOWNTOWN, first_name="Second", last_name="Admin", username="admin2@demo.test",
                                is_admin=True, licenses=[DOWNTOWN], password="second-pass")
    sandbox.deactivate_user("admin2@demo.test")
    url, _ = consent(biotrack_client, sandbox)
    with pytest.raises(AssertionError, match="deactivated"):
        sandbox.grant_consent(url, ubi=UBI, username="admin2@demo.test", password="second-pass")


def test_deny_goes_back_with_access_denied(sandbox, biotrack_client):
    url, _ = consent(biotrack_client, sandbox)
    location = sandbox.grant_consent(url, ubi="", username="", password="", deny=True)
    assert query(location) == {"error": "access_denied", "error_description": "The license admin denied access.", "state": "state-123"}


def test_a_form_without_its_anti_forgery_token_is_refused(sandbox, biotrack_client):
    url, _ = consent(biotrack_client, sandbox)
    page, browser = sandbox.consent_page(url)
    page.inputs["csrf_token"]["value"] = "forged"
    resp = sandbox.submit_consent(page, browser, ubi=UBI, username=ADMIN, password=ADMIN_PASSWORD)
    assert resp.status_code == 400 and "expired" in resp.text and "Location" not in resp.headers


def test_an_unknown_client_gets_an_error_page_never_a_redirect(sandbox):
    other = BioTrackClient(sandbox.url, "not-registered", "x")
    page, _ = sandbox.consent_page(consent(other, sandbox)[0])
    assert page.status == 400 and page.title == "Unknown application" and page.form_action is None


def test_an_unregistered_redirect_uri_gets_an_error_page(sandbox, biotrack_client):
    url, _ = consent(biotrack_client, sandbox, redirect_uri="https://evil.example/callback")
    resp = requests.get(url, allow_redirects=False, timeout=5)
    assert resp.status_code == 400 and "Invalid redirect address" in resp.text and "Location" not in resp.headers


def test_a_registered_redirect_uri_can_be_added(sandbox, biotrack_client):
    sandbox.add_redirect_uri("http://127.0.0.1:8123/config/integration/callback")
    url, _ = consent(biotrack_client, sandbox, redirect_uri="http://127.0.0.1:8123/config/integration/callback")
    assert sandbox.grant_consent(url, ubi=UBI, username=ADMIN, password=ADMIN_PASSWORD).startswith("http://127.0.0.1:8123/")


@pytest.mark.parametrize("change, error", [
    ({"state": None}, "invalid_request"), ({"code_challenge": None}, "invalid_request"),
    ({"code_challenge_method": "plain"}, "invalid_request"), ({"response_type": "token"}, "unsupported_response_type"),
    ({"scope": "admin"}, "invalid_scope"),
])
def test_bad_authorization_requests_go_back_with_an_error(sandbox, biotrack_client, change, error):
    url, _ = consent(biotrack_client, sandbox)
    params = query(url) | change
    resp = requests.get(url.split("?")[0], params={k: v for k, v in params.items() if v is not None}, allow_redirects=False, timeout=5)
    assert resp.status_code == 302 and query(resp.headers["Location"])["error"] == error


@pytest.mark.parametrize("license, title", [("NY-RET-999999", "Unknown license"), ("NY-RET-000201", "Unknown license"), (RIVERSIDE, "Inactive license")])
def test_a_bad_license_is_explained_with_a_way_back(sandbox, biotrack_client, license, title):
    page, _ = sandbox.consent_page(consent(biotrack_client, sandbox, license=license)[0])
    assert page.status == 400 and page.title == title and page.form_action is None


def exchange_parts(sandbox, client, **kwargs):
    url, verifier = consent(client, sandbox, **kwargs)
    return query(sandbox.grant_consent(url, ubi=UBI, username=ADMIN, password=ADMIN_PASSWORD))["code"], verifier


def test_a_code_works_once_and_its_replay_revokes_the_grant(sandbox, biotrack_client):
    code, verifier = exchange_parts(sandbox, biotrack_client)
    grant = biotrack_client.exchange_code(code=code, redirect_uri=sandbox.redirect_uri, code_verifier=verifier)
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.exchange_code(code=code, redirect_uri=sandbox.redirect_uri, code_verifier=verifier)
    assert caught.value.code == "code_used"
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.list_users(grant, ADMIN_DOWNTOWN)
    assert caught.value.code == "grant_revoked"


@pytest.mark.parametrize("tamper, code", [
    ({"code_verifier": "x" * 64}, "pkce_mismatch"),
    ({"redirect_uri": "http://localhost:5000/config/integration/callback"}, "redirect_uri_mismatch"),
    ({"code": "ac_not-a-code"}, "invalid_code"),
])
def test_the_exchange_checks_pkce_redirect_and_code(sandbox, biotrack_client, tamper, code):
    good_code, verifier = exchange_parts(sandbox, biotrack_client)
    args = {"code": good_code, "redirect_uri": sandbox.redirect_uri, "code_verifier": verifier} | tamper
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.exchange_code(**args)
    assert caught.value.code == code


def test_a_code_expires_after_a_few_minutes(sandbox, biotrack_client):
    code, verifier = exchange_parts(sandbox, biotrack_client)
    sandbox.move_clock(minutes=6)
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.exchange_code(code=code, redirect_uri=sandbox.redirect_uri, code_verifier=verifier)
    assert caught.value.code == "code_expired"


def test_a_wrong_client_secret_is_refused(sandbox):
    good = BioTrackClient(sandbox.url, sandbox.client_id, sandbox.client_secret)
    code, verifier = exchange_parts(sandbox, good)
    bad = BioTrackClient(sandbox.url, sandbox.client_id, "wrong-secret")
    with pytest.raises(AuthorizationInvalid) as caught:
        bad.exchange_code(code=code, redirect_uri=sandbox.redirect_uri, code_verifier=verifier)
    assert caught.value.code == "invalid_client" and caught.value.status == 401 and "wrong-secret" not in str(caught.value)


def test_refresh_keeps_the_refresh_token_and_the_grant_dates(sandbox, biotrack_client):
    grant = sandbox.authorize(biotrack_client)
    fresh = biotrack_client.refresh(grant)
    again = biotrack_client.refresh(grant)  # a second worker refreshing with the same refresh token
    assert fresh.access_token != grant.access_token != again.access_token
    assert (fresh.refresh_token, fresh.created_at, fresh.expires_at) == (grant.refresh_token, grant.created_at, grant.expires_at)
    assert biotrack_client.list_users(fresh, ADMIN_DOWNTOWN).total == 3


def test_the_client_refreshes_an_expired_access_token_by_itself(sandbox):
    saved = []
    client = BioTrackClient(sandbox.url, sandbox.client_id, sandbox.client_secret, on_grant_refresh=saved.append)
    grant = sandbox.authorize(client)
    sandbox.move_clock(hours=2)
    assert client.list_users(grant, ADMIN_DOWNTOWN).total == 3
    assert len(saved) == 1 and saved[0].access_token != grant.access_token


def test_revoke_stops_the_grant(sandbox, biotrack_client):
    grant = sandbox.authorize(biotrack_client)
    biotrack_client.revoke(grant)
    for call in (lambda: biotrack_client.list_users(grant, ADMIN_DOWNTOWN), lambda: biotrack_client.refresh(grant)):
        with pytest.raises(AuthorizationInvalid) as caught:
            call()
        assert caught.value.code == "grant_revoked"


def test_the_grant_expires_100_days_after_it_was_created(sandbox, biotrack_client):
    grant = sandbox.authorize(biotrack_client)
    sandbox.move_clock(days=99, hours=23)
    assert biotrack_client.list_users(grant, ADMIN_DOWNTOWN).total == 3  # refreshed and logged in again on the way
    sandbox.move_clock(hours=1, minutes=1)
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.list_users(grant, ADMIN_DOWNTOWN)
    assert caught.value.code == "grant_expired" and "renew" in caught.value.message


def test_a_renewal_supersedes_the_previous_grant(sandbox, biotrack_client):
    first = sandbox.authorize(biotrack_client)
    second = sandbox.authorize(biotrack_client)
    other_license = sandbox.authorize(biotrack_client, UPTOWN)
    assert second.grant_id != first.grant_id and second.expires_at >= first.expires_at
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.list_users(first, ADMIN_DOWNTOWN)
    assert caught.value.code == "grant_superseded"
    assert biotrack_client.list_users(second, ADMIN_DOWNTOWN).total == 3
    assert other_license.license == UPTOWN and biotrack_client.refresh(other_license)
