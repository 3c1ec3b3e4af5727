"""Shared pieces of the client's unit tests (no fixtures: plain helpers around `responses`)."""
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import responses

from webapp.biotrack import BioTrackClient, Credentials, Grant

BASE = "https://biotrack.test/"
CLIENT_SECRET = "client-secret-value"
PASSWORD = "s3cret-pass-word"
CREDS = Credentials("600123456", "NY-RET-000101", "clerk@demo.test", PASSWORD)
SESSION = "session-token-aaaa"
ACCESS = "access-token-bbbb"
REFRESH = "refresh-token-cccc"


def make_client(**kwargs) -> BioTrackClient:
    """A client for BASE that never sleeps between retries."""
    return BioTrackClient(BASE, "client-id", CLIENT_SECRET, timeout=(1, 2), backoff=0, **kwargs)


def make_grant(*, access_in: float = 3600, access_token: str = ACCESS, license: str = "NY-RET-000101") -> Grant:
    """A grant whose access token expires in `access_in` seconds."""
    now = datetime.now(timezone.utc)
    return Grant(
        grant_id="GR-1", access_token=access_token, refresh_token=REFRESH, access_expires_at=now + timedelta(seconds=access_in),
        created_at=now - timedelta(days=1), expires_at=now + timedelta(days=99), ubi="600123456", license=license,
    )


def add_login(rsps, token: str = SESSION, expires_in: float = 86400) -> None:
    """A successful v1/login answer."""
    expires = (datetime.now(timezone.utc) + timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rsps.add(responses.POST, BASE + "v1/login", json={"Session": token, "ExpiresAt": expires})


def add_error(rsps, method, path, status, code, message="Refused.", fields=None, headers=None) -> None:
    """A BioTrack-style error answer."""
    body = {"Error": message, "Code": code} | ({"Fields": fields} if fields else {})
    rsps.add(method, BASE + path, json=body, status=status, headers=headers or {})


def me_json(username: str = "clerk@demo.test") -> dict:
    return {"Username": username, "FirstName": "Casey", "LastName": "Clerk", "Admin": False, "Active": True,
            "UBI": "600123456", "Licenses": ["NY-RET-000101"], "CreatedAt": "2024-01-01T00:00:00Z"}


def token_json(access: str = "access-token-new", **extra) -> dict:
    return {"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": REFRESH,
            "scope": "read_write", "grant_id": "GR-1", "grant_created_at": "2024-09-01T12:00:00Z",
            "grant_expires_at": "2024-12-10T12:00:00Z", "ubi": "600123456", "license": "NY-RET-000101"} | extra


def calls_to(rsps, path: str) -> list:
    """The requests sent to a path."""
    return [c for c in rsps.calls if c.request.url.split("?")[0] == BASE + path]


def sent_json(call) -> dict:
    return json.loads(call.request.body)


def sent_form(call) -> dict:
    body = call.request.body
    return {k: v[0] for k, v in parse_qs(body if isinstance(body, str) else body.decode()).items()}
