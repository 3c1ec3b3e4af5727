"""Logging in with a user's own credentials: each failure has its own code; sessions are reused and renewed."""
from dataclasses import replace

import pytest
import requests

from webapp.biotrack import BioTrackClient, Credentials, InvalidCredentials

from .contract import ADMIN, ADMIN_DOWNTOWN, CLERK, CLERK_DOWNTOWN, MIDTOWN, RIVERSIDE, UBI


class CountingSession(requests.Session):
    """Counts v1/login requests."""

    logins = 0

    def request(self, method, url, *args, **kwargs):
        if url.endswith("/v1/login"):
            self.logins += 1
        return super().request(method, url, *args, **kwargs)


def test_whoami_returns_the_user_of_the_credentials(sandbox, biotrack_client):
    admin = biotrack_client.whoami(ADMIN_DOWNTOWN)
    clerk = biotrack_client.whoami(CLERK_DOWNTOWN)
    assert (admin.username, admin.is_admin, admin.active, admin.ubi) == (ADMIN, True, True, UBI)
    assert (clerk.username, clerk.is_admin, clerk.licenses) == (CLERK, False, ("NY-RET-000101", "NY-RET-000102"))
    assert clerk.created_at.tzinfo is not None


@pytest.mark.parametrize("creds, code", [
    (replace(CLERK_DOWNTOWN, password="wrong-password"), "invalid_password"),
    (Credentials(UBI, "NY-RET-000101", "former.employee@demo.test", "bt-former-pass"), "user_inactive"),
    (replace(CLERK_DOWNTOWN, license="NY-RET-999999"), "unknown_license"),
    (replace(CLERK_DOWNTOWN, license="NY-RET-000201"), "unknown_license"),
    (replace(CLERK_DOWNTOWN, license=MIDTOWN), "no_license_access"),
    (replace(CLERK_DOWNTOWN, username="nobody@demo.test"), "unknown_user"),
    (replace(CLERK_DOWNTOWN, ubi="600000000"), "unknown_ubi"),
    (replace(ADMIN_DOWNTOWN, license=RIVERSIDE), "license_inactive"),
])
def test_each_login_failure_is_told_apart(sandbox, biotrack_client, creds, code):
    with pytest.raises(InvalidCredentials) as caught:
        biotrack_client.whoami(creds)
    assert caught.value.code == code and caught.value.message and creds.password not in str(caught.value)


def test_the_session_is_reused_then_renewed_once_it_expires(sandbox):
    http = CountingSession()
    client = BioTrackClient(sandbox.url, sandbox.client_id, sandbox.client_secret, session=http)
    for _ in range(3):
        client.whoami(CLERK_DOWNTOWN)
    assert http.logins == 1
    sandbox.move_clock(hours=25)
    client.whoami(CLERK_DOWNTOWN)
    client.whoami(CLERK_DOWNTOWN)
    assert http.logins == 2


def test_a_password_changed_in_biotrack_ends_the_session(sandbox, biotrack_client):
    biotrack_client.whoami(CLERK_DOWNTOWN)
    sandbox.set_password(CLERK, "changed-elsewhere")
    with pytest.raises(InvalidCredentials) as caught:
        biotrack_client.whoami(CLERK_DOWNTOWN)
    assert caught.value.code == "invalid_password"
    assert biotrack_client.whoami(replace(CLERK_DOWNTOWN, password="changed-elsewhere")).username == CLERK


def test_a_deactivated_user_is_refused_even_with_a_cached_session(sandbox, biotrack_client):
    biotrack_client.whoami(CLERK_DOWNTOWN)
    sandbox.deactivate_user(CLERK)
    with pytest.raises(InvalidCredentials) as caught:
        biotrack_client.whoami(CLERK_DOWNTOWN)
    assert caught.value.code == "user_inactive"


def test_a_forged_session_is_refused(sandbox):
    resp = requests.get(f"{sandbox.url}/v1/me", headers={"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged"}, timeout=5)
    assert resp.status_code == 401 and resp.json()["Code"] == "session_invalid"
    resp = requests.get(f"{sandbox.url}/v1/me", timeout=5)
    assert resp.status_code == 401 and resp.json()["Code"] == "session_missing"


def test_login_is_strict_about_types(sandbox):
    resp = requests.post(f"{sandbox.url}/v1/login", json={"UBI": 600123456, "License": "NY-RET-000101", "Username": "clerk"}, timeout=5)
    body = resp.json()
    assert resp.status_code == 400 and body["Code"] == "validation_error"
    assert body["Fields"] == {"UBI": "must be a string.", "Username": "must be the e-mail address of the BioTrack user.", "Password": "is required."}
    resp = requests.post(f"{sandbox.url}/v1/login", data="not json", timeout=5)
    assert resp.status_code == 400 and resp.json()["Code"] == "invalid_json"
