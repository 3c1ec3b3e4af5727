"""No password, session, token, code or client secret reaches the logs or an exception's text."""
import logging
from datetime import datetime, timezone

import pytest
import responses

from webapp.biotrack import InvalidCredentials, ValidationFailed

from .helpers import (
    ACCESS, BASE, CLIENT_SECRET, CREDS, PASSWORD, REFRESH, SESSION, add_error, add_login, make_client, make_grant,
    me_json, token_json,
)

SECRETS = (PASSWORD, SESSION, ACCESS, REFRESH, CLIENT_SECRET, "the-auth-code", "v" * 50, "access-token-new")


def test_debug_logs_mask_every_secret(caplog):
    caplog.set_level(logging.DEBUG, logger="webapp.biotrack")
    client = make_client()
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json())
        rsps.add(responses.POST, BASE + "oauth/token", json=token_json())
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/me", json=me_json())
        client.exchange_code(code="the-auth-code", redirect_uri="http://127.0.0.1:5000/cb", code_verifier="v" * 50)
        client.whoami(CREDS)
        client.refresh(make_grant())
    text = caplog.text
    assert "v1/login" in text and "oauth/token" in text and "***" in text
    for secret in SECRETS:
        assert secret not in text


def test_an_error_echoing_the_password_does_not_leak_it():
    with responses.RequestsMock() as rsps:
        add_error(rsps, responses.POST, "v1/login", 401, "invalid_password", f"Password {PASSWORD} is wrong")
        with pytest.raises(InvalidCredentials) as caught:
            make_client().whoami(CREDS)
    for text in (str(caught.value), repr(caught.value), caught.value.message):
        assert PASSWORD not in text and "***" in text


def test_an_error_echoing_tokens_does_not_leak_them():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.POST, "v1/users", 400, "validation_error", f"bad {SESSION} {ACCESS} {REFRESH}", {"Username": "bad"})
        with pytest.raises(ValidationFailed) as caught:
            make_client().create_user(make_grant(), CREDS, first_name="A", last_name="B", username="a@b.test", is_admin=False, password="x" * 9)
    assert not any(s in str(caught.value) for s in (SESSION, ACCESS, REFRESH))


def test_reprs_hide_secrets():
    grant = make_grant()
    assert PASSWORD not in repr(CREDS) and PASSWORD not in str(CREDS)
    assert ACCESS not in repr(grant) and REFRESH not in repr(grant)


def test_transport_failures_do_not_carry_secrets(caplog):
    import requests

    caplog.set_level(logging.DEBUG, logger="webapp.biotrack")
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "v1/dispense", body=requests.ReadTimeout())
        with pytest.raises(Exception) as caught:
            make_client().report("sale", grant=make_grant(), creds=CREDS, request_id="R", external_id=None,
                                 performed_at=datetime.now(timezone.utc),
                                 payload={"customer_type": "medical", "items": [{"barcode": "1", "quantity": 1, "price": 1}]})
    assert not any(s in str(caught.value) + repr(caught.value) + caplog.text for s in SECRETS)
