"""Only safe calls are retried inside the client: GETs on connect errors and 502/503/504."""
from datetime import datetime, timezone

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError

from webapp.biotrack import Unavailable

from .helpers import BASE, CREDS, add_login, calls_to, make_client, make_grant, me_json

SALE = {"customer_type": "recreational", "items": [{"barcode": "6001234560000001", "quantity": 1, "price": "10.00"}]}


def refused():
    return requests.ConnectionError(MaxRetryError(None, BASE, NewConnectionError(None, "Connection refused")))


@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_is_retried_on_gateway_and_overload_answers(status):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", status=status, body="")
        rsps.add(responses.GET, BASE + "v1/me", status=status, body="")
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        assert make_client().whoami(CREDS).username == "clerk@demo.test"
        assert len(calls_to(rsps, "v1/me")) == 3


def test_get_gives_up_after_two_retries():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        for _ in range(3):
            rsps.add(responses.GET, BASE + "v1/me", status=503, body="")
        with pytest.raises(Unavailable) as caught:
            make_client().whoami(CREDS)
        assert len(calls_to(rsps, "v1/me")) == 3
    assert caught.value.status == 503


def test_get_is_retried_after_a_connect_error():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", body=refused())
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        assert make_client().whoami(CREDS).active


def test_get_is_not_retried_after_a_read_timeout():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", body=requests.ReadTimeout())
        with pytest.raises(Unavailable) as caught:
            make_client().whoami(CREDS)
        assert len(calls_to(rsps, "v1/me")) == 1
    assert caught.value.sent is True


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_actions_are_never_retried_on_server_errors(status):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "v1/dispense", status=status, body="")
        with pytest.raises(Unavailable) as caught:
            make_client().report("sale", grant=make_grant(), creds=CREDS, request_id="R-1", external_id="S-1",
                                 performed_at=datetime.now(timezone.utc), payload=SALE)
        assert len(calls_to(rsps, "v1/dispense")) == 1
    assert caught.value.sent is True


@pytest.mark.parametrize("exc, sent", [(refused(), False), (requests.ReadTimeout(), True),
                                       (requests.ConnectionError("Connection aborted."), True)])
def test_actions_are_never_retried_on_transport_errors(exc, sent):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "v1/dispense", body=exc)
        with pytest.raises(Unavailable) as caught:
            make_client().report("sale", grant=make_grant(), creds=CREDS, request_id="R-1", external_id="S-1",
                                 performed_at=datetime.now(timezone.utc), payload=SALE)
        assert len(calls_to(rsps, "v1/dispense")) == 1
    assert caught.value.sent is sent


def test_login_is_not_retried():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "v1/login", status=503, body="")
        with pytest.raises(Unavailable):
            make_client().whoami(CREDS)
        assert len(calls_to(rsps, "v1/login")) == 1


def test_retries_back_off():
    waits = []
    client = make_client()
    client._transport.backoff, client._transport.sleep = 0.2, waits.append
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        for _ in range(3):
            rsps.add(responses.GET, BASE + "v1/me", status=502, body="")
        with pytest.raises(Unavailable):
            client.whoami(CREDS)
    assert waits == [0.2, 0.4]


def test_every_request_has_connect_and_read_timeouts():
    seen = []

    class Recording(requests.Session):
        def request(self, *args, **kwargs):
            seen.append(kwargs.get("timeout"))
            return super().request(*args, **kwargs)

    from webapp.biotrack import BioTrackClient

    client = BioTrackClient(BASE, "client-id", "secret", timeout=(3.05, 15), session=Recording())
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.whoami(CREDS)
    assert seen == [(3.05, 15), (3.05, 15)]
