"""Every BioTrack failure maps to one typed exception with a stable code."""
from datetime import datetime, timezone

import pytest
import requests
import responses

from webapp.biotrack import (
    AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials, LastAdmin, NotFound, RateLimited,
    TargetInactive, Unavailable, UsernameExists, ValidationFailed,
)

from .helpers import BASE, CREDS, add_error, add_login, make_client, make_grant


@pytest.mark.parametrize("status, code, field, recoverable", [
    (401, "invalid_password", "password", False), (401, "user_inactive", "username", True),
    (401, "unknown_license", "license", False), (401, "unknown_user", "username", False),
    (401, "unknown_ubi", "ubi", False), (401, "license_inactive", "license", True),
    (403, "no_license_access", "license", True), (401, "session_expired", None, False),
])
def test_login_failures_are_invalid_credentials(status, code, field, recoverable):
    """Each says which part of the sign-in is at fault, and whether it can end by itself."""
    with responses.RequestsMock() as rsps:
        add_error(rsps, responses.POST, "v1/login", status, code, "Nope.")
        with pytest.raises(InvalidCredentials) as caught:
            make_client().whoami(CREDS)
    assert (caught.value.code, caught.value.status, caught.value.message) == (code, status, "Nope.")
    assert (caught.value.field, caught.value.recoverable) == (field, recoverable)


@pytest.mark.parametrize("status, code, kind", [
    (403, "grant_expired", AuthorizationInvalid), (403, "grant_revoked", AuthorizationInvalid),
    (403, "grant_missing", AuthorizationInvalid), (403, "grant_superseded", AuthorizationInvalid),
    (403, "not_admin", InvalidCredentials), (403, "session_license_mismatch", InvalidCredentials),
    (403, "something_new", AuthorizationInvalid), (401, "something_new", InvalidCredentials),
    (404, "user_not_found", NotFound), (409, "username_taken", UsernameExists), (409, "last_admin", LastAdmin),
    (409, "user_inactive", TargetInactive), (409, "something_new", Conflict),
    (418, "teapot", BioTrackError),
])
def test_api_failures_map_by_code_then_status(status, code, kind):
    """A 409 about the user being changed is its own kind; sign-in refusals say their field."""
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.GET, "v1/users/someone@demo.test", status, code)
        with pytest.raises(kind) as caught:
            make_client().get_user(make_grant(), CREDS, "someone@demo.test")
    assert type(caught.value) is kind
    assert caught.value.code == code and caught.value.status == status


def test_validation_failure_names_our_fields():
    fields = {"FirstName": "must not be empty.", "Username": "must be the user's e-mail address.", "Admin": "must be true or false."}
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.POST, "v1/users", 400, "validation_error", "Fix these fields.", fields)
        with pytest.raises(ValidationFailed) as caught:
            make_client().create_user(make_grant(), CREDS, first_name="", last_name="X", username="x", is_admin=False, password="password1")
    assert caught.value.fields == {"first_name": "must not be empty.", "username": "must be the user's e-mail address.",
                                   "is_admin": "must be true or false."}


def test_rate_limit_carries_retry_after():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.GET, "v1/licenses", 429, "rate_limited", headers={"Retry-After": "7"})
        with pytest.raises(RateLimited) as caught:
            make_client().licenses(CREDS)
        assert len(rsps.calls) == 2  # login + one call: not retried inside the client
    assert caught.value.retry_after == 7 and caught.value.status == 429


@pytest.mark.parametrize("status, body, content_type", [
    (500, '{"Error": "Internal error", "Code": "server_error"}', "application/json"),
    (503, "", "text/plain"),
    (502, "<html><body>Bad Gateway</body></html>", "text/html"),
    (503, "Server: nginx\r\n\r\n{not json", "text/plain"),
])
def test_server_failures_and_odd_bodies_are_unavailable(status, body, content_type):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "v1/inventory/adjust", body=body, status=status, content_type=content_type)
        with pytest.raises(Unavailable) as caught:
            make_client().report("adjustment", grant=make_grant(), creds=CREDS, request_id="r", external_id=None,
                                 performed_at=datetime.now(timezone.utc),
                                 payload={"barcode": "6001234560000001", "quantity": -1, "adjustment_type": "audit", "reason": "count"})
    assert caught.value.sent is True and caught.value.status == status


@pytest.mark.parametrize("body", ["", "<html>ok</html>", "[1, 2]", '{"Unexpected": true}'])
def test_unreadable_success_answers_are_unavailable_not_crashes(body):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", body=body, status=200)
        with pytest.raises(Unavailable) as caught:
            make_client().whoami(CREDS)
    assert caught.value.code == "unexpected_answer"


def test_login_answer_without_session_is_unavailable():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "v1/login", body="", status=200)
        with pytest.raises(Unavailable):
            make_client().whoami(CREDS)


@pytest.mark.parametrize("exc, sent, code", [
    (requests.ConnectTimeout(), False, "connect_timeout"),
    (requests.ReadTimeout(), True, "read_timeout"),
    (requests.exceptions.SSLError(), False, "tls_error"),
    (requests.ConnectionError("Connection aborted.", ConnectionResetError()), True, "connection_dropped"),
])
def test_transport_failures_say_whether_the_request_may_have_arrived(exc, sent, code):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "v1/login", body=exc)
        with pytest.raises(Unavailable) as caught:
            make_client().whoami(CREDS)
    assert (caught.value.sent, caught.value.code, caught.value.status) == (sent, code, None)


def test_connection_refused_was_not_sent():
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    refused = requests.ConnectionError(MaxRetryError(None, BASE, NewConnectionError(None, "Connection refused")))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "v1/login", body=refused)
        with pytest.raises(Unavailable) as caught:
            make_client().whoami(CREDS)
    assert caught.value.sent is False and caught.value.code == "connect_error"


def test_every_exception_is_a_biotrack_error_with_code_message_status():
    for kind in (InvalidCredentials, AuthorizationInvalid, NotFound, Conflict):
        error = kind("Something people can act on.", status=400)
        assert isinstance(error, BioTrackError) and error.code == kind.default_code and str(error) == error.message
    assert ValidationFailed("x").fields == {}
    assert RateLimited("x", retry_after=3).retry_after == 3
    assert Unavailable("x", sent=False).sent is False
