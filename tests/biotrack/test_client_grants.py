"""OAuth with PKCE through authlib, automatic refresh of the access token, and revocation."""
import base64
import hashlib
from datetime import timezone
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from webapp.biotrack import AuthorizationInvalid, BioTrackClient, Unavailable

from .helpers import (
    ACCESS, BASE, CLIENT_SECRET, CREDS, REFRESH, add_error, add_login, calls_to, make_client, make_grant, me_json,
    sent_form, token_json,
)

REDIRECT = "http://127.0.0.1:5000/config/integration/callback"


def test_consent_url_carries_pkce_s256_and_the_license():
    verifier = BioTrackClient.new_code_verifier()
    url = make_client().consent_url(ubi="600123456", license="NY-RET-000101", redirect_uri=REDIRECT, state="st-1", code_verifier=verifier)
    parts = urlparse(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == BASE + "oauth/authorize"
    assert query == {"response_type": "code", "client_id": "client-id", "redirect_uri": REDIRECT, "scope": "read_write",
                     "state": "st-1", "ubi": "600123456", "license": "NY-RET-000101", "code_challenge": challenge,
                     "code_challenge_method": "S256"}
    assert verifier not in url and 43 <= len(verifier) <= 128


def test_exchange_code_posts_the_verifier_with_basic_auth_and_returns_the_grant():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json(access="at-1"))
        grant = make_client().exchange_code(code="the-code", redirect_uri=REDIRECT, code_verifier="v" * 50)
        call = calls_to(rsps, "oauth/token")[0]
    assert sent_form(call) == {"grant_type": "authorization_code", "code": "the-code", "redirect_uri": REDIRECT, "code_verifier": "v" * 50}
    assert call.request.headers["Authorization"] == "Basic " + base64.b64encode(f"client-id:{CLIENT_SECRET}".encode()).decode()
    assert (grant.grant_id, grant.access_token, grant.refresh_token, grant.license, grant.ubi) == ("GR-1", "at-1", REFRESH, "NY-RET-000101", "600123456")
    assert grant.created_at.isoformat() == "2024-09-01T12:00:00+00:00" and grant.expires_at.tzinfo == timezone.utc
    assert not grant.access_expired()


@pytest.mark.parametrize("status, code", [(400, "code_used"), (400, "pkce_mismatch"), (400, "code_expired"), (401, "invalid_client")])
def test_exchange_failures_are_authorization_invalid(status, code):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", status=status, json={"error": "invalid_grant", "error_description": "No.", "Code": code})
        with pytest.raises(AuthorizationInvalid) as caught:
            make_client().exchange_code(code="c", redirect_uri=REDIRECT, code_verifier="v" * 50)
    assert caught.value.code == code and caught.value.status == status


def test_plain_rfc6749_errors_are_understood_too():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", status=400, json={"error": "invalid_grant", "error_description": "Bad code."})
        with pytest.raises(AuthorizationInvalid) as caught:
            make_client().exchange_code(code="c", redirect_uri=REDIRECT, code_verifier="v" * 50)
    assert (caught.value.code, caught.value.message) == ("invalid_grant", "Bad code.")


@pytest.mark.parametrize("status, body", [(503, ""), (200, "<html/>"), (200, '{"token_type": "Bearer"}')])
def test_exchange_against_an_odd_token_endpoint_is_unavailable(status, body):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", status=status, body=body)
        with pytest.raises(Unavailable):
            make_client().exchange_code(code="c", redirect_uri=REDIRECT, code_verifier="v" * 50)


def test_an_expired_access_token_is_refreshed_first_and_the_app_told_once():
    saved = []
    client = make_client(on_grant_refresh=saved.append)
    stale = make_grant(access_in=-10)
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json(access="fresh-access"))
        rsps.add(responses.GET, BASE + "v1/users/x@demo.test", json=me_json("x@demo.test"))
        client.get_user(stale, CREDS, "x@demo.test")
        client.get_user(stale, CREDS, "x@demo.test")  # the app still holds the stale grant: no second refresh
        assert sent_form(calls_to(rsps, "oauth/token")[0]) == {"grant_type": "refresh_token", "refresh_token": REFRESH}
        assert len(calls_to(rsps, "oauth/token")) == 1
        assert {c.request.headers["X-Integrator-Token"] for c in calls_to(rsps, "v1/users/x@demo.test")} == {"fresh-access"}
    assert [g.access_token for g in saved] == ["fresh-access"]
    assert saved[0].refresh_token == REFRESH and saved[0].grant_id == "GR-1"


def test_a_refused_access_token_is_refreshed_once_then_retried():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.GET, "v1/users/x@demo.test", 403, "integrator_token_expired")
        rsps.add(responses.GET, BASE + "v1/users/x@demo.test", json=me_json("x@demo.test"))
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json(access="fresh-access"))
        client.get_user(make_grant(), CREDS, "x@demo.test")
        assert [c.request.headers["X-Integrator-Token"] for c in calls_to(rsps, "v1/users/x@demo.test")] == [ACCESS, "fresh-access"]


def test_no_refresh_loop_when_the_fresh_token_is_refused_too():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.GET, "v1/users/x@demo.test", 403, "integrator_token_expired")
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json())
        with pytest.raises(AuthorizationInvalid):
            make_client().get_user(make_grant(), CREDS, "x@demo.test")
        assert len(calls_to(rsps, "oauth/token")) == 1


@pytest.mark.parametrize("code", ["grant_expired", "grant_revoked", "grant_superseded"])
def test_a_lapsed_grant_cannot_be_refreshed(code):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "oauth/token", status=400, json={"error": "invalid_grant", "error_description": "Lapsed.", "Code": code})
        with pytest.raises(AuthorizationInvalid) as caught:
            make_client().get_user(make_grant(access_in=-1), CREDS, "x@demo.test")
    assert caught.value.code == code


def test_a_failing_refresh_hook_does_not_fail_the_call():
    def broken(_grant):
        raise RuntimeError("database down")

    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json())
        rsps.add(responses.GET, BASE + "v1/users/x@demo.test", json=me_json("x@demo.test"))
        assert make_client(on_grant_refresh=broken).get_user(make_grant(access_in=-1), CREDS, "x@demo.test")


def test_explicit_refresh_returns_the_new_grant():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json(access="fresh", refresh_token=None))
        grant = make_client().refresh(make_grant())
    assert grant.access_token == "fresh" and grant.refresh_token == REFRESH  # not rotated


def test_revoke_sends_the_refresh_token():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/revoke", json={})
        make_client().revoke(make_grant())
        assert sent_form(calls_to(rsps, "oauth/revoke")[0]) == {"token": REFRESH, "token_type_hint": "refresh_token"}


def test_revoke_failure_is_typed():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/revoke", status=401, json={"error": "invalid_client", "error_description": "Bad client."})
        with pytest.raises(AuthorizationInvalid):
            make_client().revoke(make_grant())
