"""Sessions are cached per credential: one login, a single re-login when BioTrack ends the session."""
import threading
import time
from dataclasses import replace

import pytest
import responses

from webapp.biotrack import InvalidCredentials

from .helpers import BASE, CREDS, SESSION, add_error, add_login, calls_to, make_client, me_json, sent_json


def test_logs_in_once_for_many_calls():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        for _ in range(5):
            client.whoami(CREDS)
        assert len(calls_to(rsps, "v1/login")) == 1
        assert all(c.request.headers["Authorization"] == f"Bearer {SESSION}" for c in calls_to(rsps, "v1/me"))
        assert sent_json(calls_to(rsps, "v1/login")[0]) == {
            "UBI": "600123456", "License": "NY-RET-000101", "Username": "clerk@demo.test", "Password": CREDS.password}


@pytest.mark.parametrize("code", ["session_expired", "session_revoked", "session_invalid"])
def test_an_ended_session_means_one_new_login_and_one_retry(code):
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps, token="first-session")
        add_login(rsps, token="second-session")
        add_error(rsps, responses.GET, "v1/me", 401, code)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        assert client.whoami(CREDS).username == "clerk@demo.test"
        tokens = [c.request.headers["Authorization"] for c in calls_to(rsps, "v1/me")]
        assert tokens == ["Bearer first-session", "Bearer second-session"]
        assert len(calls_to(rsps, "v1/login")) == 2


def test_no_login_loop_when_the_new_session_is_refused_too():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.GET, "v1/me", 401, "session_expired", "The session has expired; log in again.")
        with pytest.raises(InvalidCredentials) as caught:
            make_client().whoami(CREDS)
        assert len(calls_to(rsps, "v1/login")) == 2 and len(calls_to(rsps, "v1/me")) == 2
    assert caught.value.code == "session_expired"


def test_a_wrong_password_is_not_retried():
    with responses.RequestsMock() as rsps:
        add_error(rsps, responses.POST, "v1/login", 401, "invalid_password")
        with pytest.raises(InvalidCredentials):
            make_client().whoami(CREDS)
        assert len(calls_to(rsps, "v1/login")) == 1


def test_re_login_after_password_change_reports_the_new_failure():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.whoami(CREDS)
        add_error(rsps, responses.GET, "v1/me", 401, "session_revoked")
        add_error(rsps, responses.POST, "v1/login", 401, "invalid_password")
        with pytest.raises(InvalidCredentials) as caught:
            client.whoami(CREDS)
    assert caught.value.code == "invalid_password"


def test_concurrent_callers_share_one_login():
    client = make_client()

    def slow_login(request):
        time.sleep(0.05)
        return 200, {}, '{"Session": "shared-session", "ExpiresAt": "2999-01-01T00:00:00Z"}'

    with responses.RequestsMock() as rsps:
        rsps.add_callback(responses.POST, BASE + "v1/login", callback=slow_login)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        threads = [threading.Thread(target=client.whoami, args=(CREDS,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(calls_to(rsps, "v1/login")) == 1 and len(calls_to(rsps, "v1/me")) == 8


def test_other_credentials_get_their_own_session():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps, token="one")
        add_login(rsps, token="two")
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.whoami(CREDS)
        client.whoami(replace(CREDS, password="a-new-password"))
        client.whoami(CREDS)
        assert len(calls_to(rsps, "v1/login")) == 2


def test_a_session_past_its_expiry_is_not_used():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps, token="short", expires_in=30)  # within the client's 60 s leeway
        add_login(rsps, token="long")
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.whoami(CREDS)
        client.whoami(CREDS)
        assert [c.request.headers["Authorization"] for c in calls_to(rsps, "v1/me")] == ["Bearer short", "Bearer long"]


def test_session_expiry_falls_back_to_the_jwt_exp_claim():
    from webapp.biotrack.parsing import session_expiry

    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.sig"  # exp = 2100-01-01
    assert session_expiry({}, jwt).year == 2100
    assert session_expiry({}, "not-a-jwt") is None


def test_whoami_fresh_logs_in_again():
    client = make_client()
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.whoami(CREDS)
        client.whoami(CREDS, fresh=True)
        assert len(calls_to(rsps, "v1/login")) == 2
