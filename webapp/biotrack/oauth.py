"""The integrator's OAuth 2.0 with BioTrack: consent URL with PKCE S256, code exchange, refresh, revocation.

authlib builds the protocol messages; every request still goes through our Transport (timeouts,
masked logs, typed failures).
"""
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client.oauth2_session import OAuth2ClientAuth
from authlib.oauth2.client import OAuth2Client

from .failures import error_for
from .parsing import grant_from_token, unexpected
from .records import Grant, utcnow
from .transport import Transport

AUTHORIZE_PATH, TOKEN_PATH, REVOKE_PATH = "oauth/authorize", "oauth/token", "oauth/revoke"
SCOPE = "read_write"


class _Client(OAuth2Client):
    """authlib's protocol client with requests-style client authentication (client_secret_basic)."""

    client_auth_class = OAuth2ClientAuth


class _Via:
    """The one method authlib needs of a session, routed through our Transport (never retried)."""

    def __init__(self, transport: Transport):
        self.transport = transport

    def post(self, url, data=None, headers=None, auth=None, **_ignored):
        """POST the form authlib built."""
        return self.transport.send("POST", url, data=data, headers=headers, auth=auth)


def new_code_verifier() -> str:
    """A PKCE code verifier (64 characters, within RFC 7636's 43-128)."""
    return generate_token(64)


class OAuth:
    """OAuth calls for one registered integrator client."""

    def __init__(self, transport: Transport, client_id: str, client_secret: str):
        self.transport, self.client_id, self._secret = transport, client_id, client_secret

    def _client(self, redirect_uri: str | None = None, secrets=()) -> _Client:
        """A fresh authlib client per call: authlib keeps the last token on it, so none is shared."""
        client = _Client(
            session=_Via(self.transport), client_id=self.client_id, client_secret=self._secret,
            token_endpoint_auth_method="client_secret_basic", redirect_uri=redirect_uri, code_challenge_method="S256",
        )
        check = self._checker(secrets)
        client.register_compliance_hook("access_token_response", check)
        client.register_compliance_hook("refresh_token_response", check)
        return client

    def _checker(self, secrets):
        """A hook raising our typed failure for any token answer that is not a 200 JSON object."""
        known = (self._secret, *secrets)

        def check(resp: requests.Response) -> requests.Response:
            """Raise for an error or unreadable token answer; pass a good one on."""
            if resp.status_code != 200:
                raise error_for(resp, secrets=known)
            try:
                body = resp.json()
            except ValueError:
                body = None
            if not isinstance(body, dict) or "access_token" not in body:
                raise unexpected("token answer is not a JSON object with access_token")
            return resp

        return check

    def consent_url(self, *, ubi: str, license: str, redirect_uri: str, state: str, code_verifier: str) -> str:
        """The consent screen's URL (PKCE S256 challenge derived from the verifier, which stays with us)."""
        url, _state = self._client(redirect_uri).create_authorization_url(
            self.transport.url(AUTHORIZE_PATH), state=state, code_verifier=code_verifier, scope=SCOPE, ubi=ubi, license=license,
        )
        return url

    def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> Grant:
        """Trade the code from the callback for a grant."""
        asked_at = utcnow()
        token = self._client(redirect_uri, (code, code_verifier)).fetch_token(
            self.transport.url(TOKEN_PATH), grant_type="authorization_code", code=code,
            redirect_uri=redirect_uri, code_verifier=code_verifier,
        )
        return grant_from_token(dict(token), asked_at=asked_at)

    def refresh(self, grant: Grant) -> Grant:
        """A new access token for the grant; the refresh token and the grant's dates stay."""
        asked_at = utcnow()
        token = self._client(secrets=(grant.refresh_token, grant.access_token)).refresh_token(
            self.transport.url(TOKEN_PATH), refresh_token=grant.refresh_token,
        )
        return grant_from_token(dict(token), previous=grant, asked_at=asked_at)

    def revoke(self, grant: Grant) -> None:
        """Revoke the grant at BioTrack (RFC 7009)."""
        resp = self._client().revoke_token(
            self.transport.url(REVOKE_PATH), token=grant.refresh_token, token_type_hint="refresh_token",
        )
        if resp.status_code != 200:
            raise error_for(resp, secrets=(self._secret, grant.refresh_token, grant.access_token))
