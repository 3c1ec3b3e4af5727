"""BioTrackClient: the one object the app uses to speak to BioTrack (see the package docstring)."""
from datetime import datetime
from urllib.parse import quote

import requests

from . import parsing, payloads
from .errors import BioTrackError, ValidationFailed
from .failures import SESSION_RETRY_CODES, error_for, read_error
from .grant_keeper import GrantKeeper
from .oauth import OAuth, new_code_verifier
from .records import BioTrackUser, Credentials, Grant, InventoryItem, LicenseInfo, ReportResult, UserPage, Vendor
from .session_cache import CachedSession, SessionCache
from .transport import Transport

GRANT_HEADER = "X-Integrator-Token"
TOKEN_RETRY_CODES = {"integrator_token_expired", "integrator_token_invalid"}
USER_FIELDS = {"first_name": "FirstName", "last_name": "LastName", "is_admin": "Admin", "licenses": "Licenses", "password": "Password"}
VENDOR_PAGE = 200
INVENTORY_PAGE = 500


class BioTrackClient:
    """Thread-safe client for BioTrack's integrator OAuth, user sessions, users, actions, inventory and state data."""

    new_code_verifier = staticmethod(new_code_verifier)

    def __init__(self, base_url: str, client_id: str, client_secret: str, timeout=(3.05, 15), *,
                 on_grant_refresh=None, session: requests.Session | None = None, retries: int = 2, backoff: float = 0.3):
        self._transport = Transport(base_url, timeout, session=session, retries=retries, backoff=backoff)
        self._oauth = OAuth(self._transport, client_id, client_secret)
        self._sessions = SessionCache(self._login)
        self._grants = GrantKeeper(self._oauth.refresh, on_grant_refresh)

    # OAuth --------------------------------------------------------------------------------------
    def consent_url(self, *, ubi: str, license: str, redirect_uri: str, state: str, code_verifier: str) -> str:
        """The URL of BioTrack's consent screen for this license (PKCE S256)."""
        return self._oauth.consent_url(ubi=ubi, license=license, redirect_uri=redirect_uri, state=state, code_verifier=code_verifier)

    def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> Grant:
        """Trade the callback's code for a grant (call once per code: a replayed code revokes the grant)."""
        grant = self._oauth.exchange_code(code=code, redirect_uri=redirect_uri, code_verifier=code_verifier)
        self._grants.remember(grant)
        return grant

    def refresh(self, grant: Grant) -> Grant:
        """A new access token for the grant (also handed to on_grant_refresh)."""
        return self._grants.refresh(grant)

    def revoke(self, grant: Grant) -> None:
        """Revoke the grant at BioTrack."""
        self._oauth.revoke(grant)

    def reachable(self, timeout: float = 2.0) -> tuple[bool, str]:
        """Whether BioTrack answers HTTP at all (any status below 500), and a short reason."""
        try:
            resp = self._transport.send("GET", "", timeout=timeout)
        except BioTrackError as error:
            return False, error.code
        return resp.status_code < 500, f"HTTP {resp.status_code}"

    # Sessions -----------------------------------------------------------------------------------
    def _login(self, creds: Credentials) -> CachedSession:
        """POST v1/login; failures are never retried (a wrong password stays wrong)."""
        body = {"UBI": creds.ubi, "License": creds.license, "Username": creds.username, "Password": creds.password}
        resp = self._transport.send("POST", "v1/login", json=body)
        if resp.status_code != 200:
            raise error_for(resp, secrets=(creds.password,))
        answer = parsing.json_object(resp)
        token = answer.get("Session")
        if not isinstance(token, str) or not token:
            raise parsing.unexpected("login answer without Session")
        return CachedSession(token, parsing.session_expiry(answer, token))

    def _call(self, method: str, path: str, *, creds: Credentials, grant: Grant | None = None, call: str | None = None,
              json=None, params=None) -> requests.Response:
        """Send with the user's session (and the grant's token): log in again once, refresh once, never more."""
        relogged = refreshed = False
        while True:
            session = self._sessions.token(creds)
            headers = {"Authorization": f"Bearer {session}"}
            access = None
            if grant is not None:
                access = self._grants.access_token(grant)
                headers[GRANT_HEADER] = access
            resp = self._transport.send(method, path, json=json, params=params, headers=headers, retry=method == "GET")
            if resp.status_code < 400:
                return resp
            code = read_error(resp)[0]
            if code in SESSION_RETRY_CODES and not relogged:
                self._sessions.forget(creds, session)
                relogged = True
                continue
            if code in TOKEN_RETRY_CODES and grant is not None and not refreshed:
                self._grants.refresh(grant, stale_token=access)
                refreshed = True
                continue
            secrets = (creds.password, session, access, *(((grant.refresh_token,) if grant else ())))
            raise error_for(resp, call=call, secrets=secrets)

    def whoami(self, creds: Credentials, *, fresh: bool = False) -> BioTrackUser:
        """Check credentials by logging in (cached, or anew with fresh=True) and return their user."""
        if fresh:
            self._sessions.forget(creds)
        return parsing.read(parsing.user_from_json, self._call("GET", "v1/me", creds=creds))

    # Users ----------------------------------------------------------------------------------------
    @staticmethod
    def _user_path(username: str, action: str = "") -> str:
        """The path of a user (and of an action on them)."""
        return f"v1/users/{quote(username, safe='@')}" + (f"/{action}" if action else "")

    def list_users(self, grant: Grant, admin_creds: Credentials, *, search: str | None = None, active: bool | None = None,
                   page: int = 1, per_page: int = 25) -> UserPage:
        """A page of the UBI's users."""
        params = {"page": page, "per_page": per_page}
        if search:
            params["search"] = search
        if active is not None:
            params["active"] = "true" if active else "false"
        resp = self._call("GET", "v1/users", creds=admin_creds, grant=grant, params=params)
        return parsing.read(parsing.user_page_from_json, resp)

    def get_user(self, grant: Grant, admin_creds: Credentials, username: str) -> BioTrackUser:
        """One user (NotFound if BioTrack has none by that name)."""
        return parsing.read(parsing.user_from_json, self._call("GET", self._user_path(username), creds=admin_creds, grant=grant))

    def create_user(self, grant: Grant, admin_creds: Credentials, *, first_name: str, last_name: str, username: str,
                    is_admin: bool, licenses: list[str] | None = None, password: str | None = None,
                    send_password_email: bool = False) -> BioTrackUser:
        """Create a user with an initial password, or have BioTrack e-mail them a link to choose one."""
        body = {"FirstName": first_name, "LastName": last_name, "Username": username, "Admin": bool(is_admin)}
        if licenses is not None:
            body["Licenses"] = list(licenses)
        if password is not None:
            body["Password"] = password
        if send_password_email:
            body["SendPasswordEmail"] = True
        resp = self._call("POST", "v1/users", creds=admin_creds, grant=grant, json=body, call="user")
        return parsing.read(parsing.user_from_json, resp)

    def update_user(self, grant: Grant, admin_creds: Credentials, username: str, /, **changes) -> BioTrackUser:
        """Change first_name, last_name, is_admin, licenses and/or password."""
        unknown = set(changes) - set(USER_FIELDS)
        if unknown or not changes:
            fields = {k: "cannot be changed." for k in unknown} or {"changes": "give at least one change."}
            raise ValidationFailed("Nothing valid to change: " + ", ".join(sorted(fields)), fields=fields, code="invalid_payload")
        body = {USER_FIELDS[k]: (list(v) if k == "licenses" else v) for k, v in changes.items()}
        resp = self._call("PATCH", self._user_path(username), creds=admin_creds, grant=grant, json=body, call="user")
        return parsing.read(parsing.user_from_json, resp)

    def deactivate_user(self, grant: Grant, admin_creds: Credentials, username: str) -> BioTrackUser:
        """Deactivate (Conflict with code last_admin for the last active admin)."""
        resp = self._call("POST", self._user_path(username, "deactivate"), creds=admin_creds, grant=grant)
        return parsing.read(parsing.user_from_json, resp)

    def reactivate_user(self, grant: Grant, admin_creds: Credentials, username: str) -> BioTrackUser:
        """Reactivate."""
        resp = self._call("POST", self._user_path(username, "reactivate"), creds=admin_creds, grant=grant)
        return parsing.read(parsing.user_from_json, resp)

    def request_password_reset(self, grant: Grant, admin_creds: Credentials, username: str) -> None:
        """Have BioTrack e-mail the user a link to choose a new password."""
        self._call("POST", self._user_path(username, "password-reset"), creds=admin_creds, grant=grant)

    def forgot_password(self, *, ubi: str, username: str) -> None:
        """Session-less reset e-mail for an employee who forgot a password (BioTrack never says if the user exists)."""
        resp = self._transport.send("POST", "v1/password-reset", json={"UBI": ubi, "Username": username})
        if resp.status_code >= 400:
            raise error_for(resp, call="user")

    # Actions --------------------------------------------------------------------------------------
    def report(self, kind: str, *, grant: Grant, creds: Credentials, request_id: str, external_id: str | None,
               performed_at: datetime, payload: dict) -> ReportResult:
        """Report an action as the user of `creds`; never retried here (retry with the same request_id)."""
        path, body = payloads.build(kind, license=creds.license, request_id=request_id, external_id=external_id,
                                    performed_at=performed_at, payload=payload)
        resp = self._call("POST", path, creds=creds, grant=grant, json=body, call=kind)
        answer = parsing.json_object(resp)
        if not answer.get("TransactionID"):
            raise parsing.unexpected("action answer without TransactionID")
        return ReportResult(str(answer["TransactionID"]), answer, resp.headers.get("X-Idempotent-Replay") == "true")

    # State data -----------------------------------------------------------------------------------
    def licenses(self, creds: Credentials) -> list[LicenseInfo]:
        """Every license of the credentials' UBI (for license sync)."""
        resp = self._call("GET", "v1/licenses", creds=creds)
        return parsing.read(lambda data: [parsing.license_from_json(x) for x in data["Licenses"]], resp)

    def vendors(self, creds: Credentials) -> list[Vendor]:
        """All of the state's vendors with their licenses, every page."""
        return self._every_page("v1/vendors", "Vendors", parsing.vendor_from_json, VENDOR_PAGE, creds=creds)

    def inventory(self, grant: Grant, creds: Credentials) -> list[InventoryItem]:
        """Every item the credentials' license holds, every page."""
        return self._every_page("v1/inventory", "Inventory", parsing.inventory_item_from_json, INVENTORY_PAGE,
                                creds=creds, grant=grant)

    def _every_page(self, path: str, key: str, parse, per_page: int, **auth) -> list:
        """Read a paged listing to its end (Total says when)."""
        found, page = [], 1
        while True:
            resp = self._call("GET", path, params={"page": page, "per_page": per_page}, **auth)
            batch, total = parsing.read(lambda d: ([parse(x) for x in d[key]], int(d["Total"])), resp)
            found += batch
            if not batch or len(found) >= total:
                return found
            page += 1
