"""Injected faults: what the client raises, and that a retry with the same RequestID records once."""
import socket
import time

import pytest

from webapp.biotrack import AuthorizationInvalid, BioTrackClient, InvalidCredentials, RateLimited, Unavailable

from .contract import ADMIN_DOWNTOWN, CLERK, CLERK_DOWNTOWN, DOWNTOWN, now, sale


@pytest.fixture
def grant(sandbox, biotrack_client):
    grant = sandbox.authorize(biotrack_client)
    biotrack_client.whoami(CLERK_DOWNTOWN)  # session cached: faults below hit the action itself
    return grant


def dispense(client, grant, request_id="F-1"):
    return client.report("sale", grant=grant, creds=CLERK_DOWNTOWN, request_id=request_id, external_id="POS-F",
                         performed_at=now(), payload=sale())


def recorded(sandbox, request_id="F-1") -> int:
    return len([e for e in sandbox.ledger(DOWNTOWN) if e["request_id"] == request_id])


@pytest.mark.parametrize("kind, status", [("http_500", 500), ("http_503", 503)])
@pytest.mark.parametrize("body", ["json", "empty", "html"])
def test_server_errors_before_processing(sandbox, biotrack_client, grant, kind, status, body):
    sandbox.fault(kind, "/v1/dispense", body=body)
    with pytest.raises(Unavailable) as caught:
        dispense(biotrack_client, grant)
    assert (caught.value.status, caught.value.sent) == (status, True) and recorded(sandbox) == 0
    assert dispense(biotrack_client, grant).biotrack_id and recorded(sandbox) == 1


def test_a_server_error_after_processing_then_a_retry_records_once(sandbox, biotrack_client, grant):
    sandbox.fault("http_500", "/v1/dispense", phase="after")
    with pytest.raises(Unavailable):
        dispense(biotrack_client, grant)
    assert recorded(sandbox) == 1
    assert dispense(biotrack_client, grant).replayed and recorded(sandbox) == 1


def test_reads_ride_out_a_short_overload(sandbox, biotrack_client, grant):
    sandbox.fault("http_503", "/v1/licenses", count=2, body="empty")
    assert len(biotrack_client.licenses(CLERK_DOWNTOWN)) == 4
    sandbox.fault("http_503", "/v1/licenses", count=3)
    with pytest.raises(Unavailable):
        biotrack_client.licenses(CLERK_DOWNTOWN)


def test_a_slow_answer_times_out_as_maybe_sent_and_the_retry_records_once(sandbox, grant):
    client = BioTrackClient(sandbox.url, sandbox.client_id, sandbox.client_secret, timeout=(2, 0.4))
    client.whoami(CLERK_DOWNTOWN)
    sandbox.fault("slow", "/v1/dispense", seconds=0.8)
    with pytest.raises(Unavailable) as caught:
        dispense(client, grant)
    assert (caught.value.sent, caught.value.code) == (True, "read_timeout")
    deadline = time.monotonic() + 5
    while recorded(sandbox) == 0 and time.monotonic() < deadline:  # the sandbox finishes the request after we gave up
        time.sleep(0.05)
    assert recorded(sandbox) == 1
    assert dispense(client, grant).replayed and recorded(sandbox) == 1


def test_a_slow_answer_within_the_timeout_is_fine(sandbox, biotrack_client, grant):
    sandbox.fault("slow", "/v1/dispense", seconds=0.2, phase="after")
    assert dispense(biotrack_client, grant).biotrack_id


def test_a_connection_dropped_before_processing(sandbox, biotrack_client, grant):
    sandbox.fault("drop", "/v1/dispense")
    with pytest.raises(Unavailable) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.sent is True and caught.value.code == "connection_dropped" and recorded(sandbox) == 0
    assert not dispense(biotrack_client, grant).replayed and recorded(sandbox) == 1


def test_an_answer_lost_after_recording_then_a_retry_records_once(sandbox, biotrack_client, grant):
    sandbox.fault("drop", "/v1/dispense", phase="after")
    with pytest.raises(Unavailable) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.sent is True and recorded(sandbox) == 1
    retry = dispense(biotrack_client, grant)
    assert retry.replayed and recorded(sandbox) == 1


def test_rate_limited(sandbox, biotrack_client, grant):
    sandbox.fault("rate_limit", "/v1/dispense", retry_after=3)
    with pytest.raises(RateLimited) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.retry_after == 3 and recorded(sandbox) == 0


@pytest.mark.parametrize("control, code", [("expire_grant", "grant_expired"), ("revoke_grant", "grant_revoked")])
def test_a_lapsed_grant_stops_reporting(sandbox, biotrack_client, grant, control, code):
    getattr(sandbox, control)(DOWNTOWN)
    with pytest.raises(AuthorizationInvalid) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.code == code and recorded(sandbox) == 0


def test_a_password_changed_in_biotrack_stops_reporting_as_that_user(sandbox, biotrack_client, grant):
    sandbox.set_password(CLERK, "someone-changed-it")
    with pytest.raises(InvalidCredentials) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.code == "invalid_password" and recorded(sandbox) == 0


def test_a_deactivated_user_stops_reporting_as_that_user(sandbox, biotrack_client, grant):
    sandbox.deactivate_user(CLERK)
    with pytest.raises(InvalidCredentials) as caught:
        dispense(biotrack_client, grant)
    assert caught.value.code == "user_inactive"


def test_faults_match_by_path_and_count(sandbox, biotrack_client, grant):
    sandbox.fault("http_500", "/v1/users", count=1)
    assert dispense(biotrack_client, grant).biotrack_id  # other paths unaffected
    with pytest.raises(Unavailable):
        biotrack_client.create_user(grant, ADMIN_DOWNTOWN, first_name="A", last_name="B", username="a@demo.test", is_admin=False, password="a-b-pass-1")
    assert biotrack_client.list_users(grant, ADMIN_DOWNTOWN).total == 3  # the rule is used up


def test_the_token_endpoint_can_fail_too(sandbox, biotrack_client, grant):
    sandbox.fault("http_503", "/oauth/token", body="empty")
    with pytest.raises(Unavailable):
        biotrack_client.refresh(grant)
    assert biotrack_client.refresh(grant).access_token


def test_nothing_listening_means_not_sent(sandbox):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = BioTrackClient(f"http://127.0.0.1:{port}", "x", "y", timeout=(0.5, 1), backoff=0)
    with pytest.raises(Unavailable) as caught:
        client.whoami(CLERK_DOWNTOWN)
    assert (caught.value.sent, caught.value.code) == (False, "connect_error")


def test_a_fault_for_one_license_leaves_the_others_alone(sandbox, biotrack_client, grant):
    """A rule with a license matches only requests for that license."""
    sandbox.fault("http_503", "/v1/dispense", license="NY-RET-000102", count=5)
    assert dispense(biotrack_client, grant).biotrack_id and recorded(sandbox) == 1
    assert [f["license"] for f in sandbox.control("GET", "faults")["faults"]] == ["NY-RET-000102"]
    sandbox.fault("http_503", "/v1/dispense", license=DOWNTOWN)
    with pytest.raises(Unavailable):
        dispense(biotrack_client, grant, request_id="F-2")
