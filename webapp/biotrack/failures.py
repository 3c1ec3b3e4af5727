"""Every way a BioTrack call can fail, mapped to the client's small set of exceptions."""
from email.utils import parsedate_to_datetime

import requests
from urllib3.exceptions import NewConnectionError

from . import fields as field_names
from .errors import (
    AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials, LastAdmin, NotFound, RateLimited,
    TargetInactive, Unavailable, UsernameExists, ValidationFailed,
)
from .masking import scrub
from .records import utcnow

CREDENTIAL_CODES = {
    "invalid_password", "user_inactive", "unknown_license", "no_license_access", "unknown_user", "unknown_ubi",
    "license_inactive", "not_admin", "session_license_mismatch", "session_missing", "session_invalid",
    "session_expired", "session_revoked",
}
GRANT_CODES = {
    "grant_missing", "grant_expired", "grant_revoked", "grant_superseded", "integrator_token_invalid",
    "integrator_token_expired", "invalid_client", "invalid_grant", "invalid_code", "code_used", "code_expired",
    "redirect_uri_mismatch", "pkce_mismatch", "pkce_missing", "refresh_token_invalid", "unsupported_grant_type",
    "invalid_request",
}
CONFLICTS = {cls.default_code: cls for cls in (LastAdmin, UsernameExists, TargetInactive)}
# Answers after which logging in again (once) may help.
SESSION_RETRY_CODES = {"session_expired", "session_invalid", "session_revoked", "session_missing"}
DEFAULT_MESSAGES = {
    400: "BioTrack refused the data.", 401: "BioTrack refused the credentials.", 403: "BioTrack refused access.",
    404: "BioTrack does not know this record.", 409: "The change conflicts with BioTrack's data.",
    429: "BioTrack is rate limiting requests.",
}


def read_error(resp: requests.Response) -> tuple[str | None, str | None, dict | None]:
    """(code, message, fields) of an error answer, tolerating bodies that are not JSON."""
    try:
        body = resp.json()
    except ValueError:
        return None, None, None
    if not isinstance(body, dict):
        return None, None, None
    code = body.get("Code") or body.get("error") or body.get("errorcode")
    message = body.get("Error") or body.get("error_description") or (body.get("error") if not code else None)
    fields = body.get("Fields") if isinstance(body.get("Fields"), dict) else None
    return (str(code) if code else None), (str(message) if message else None), fields


def retry_after(value: str | None, default: float = 1.0) -> float:
    """Seconds from a Retry-After header (a number or an HTTP date)."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return default


def error_for(resp: requests.Response, *, call: str | None = None, secrets=()) -> BioTrackError:
    """The exception for a non-2xx answer; its message never contains a known secret."""
    status = resp.status_code
    code, message, fields = read_error(resp)
    text = scrub(message or DEFAULT_MESSAGES.get(status, f"BioTrack answered HTTP {status}."), secrets)
    if status == 429:
        return RateLimited(text, retry_after=retry_after(resp.headers.get("Retry-After")), code=code, status=status)
    if status >= 500:
        text = scrub(message, secrets) if message else f"BioTrack is temporarily unavailable (HTTP {status})."
        wait = retry_after(resp.headers.get("Retry-After")) if resp.headers.get("Retry-After") else None
        return Unavailable(text, sent=True, retry_after=wait, code=code or f"http_{status}", status=status)
    if status == 409 and code in CONFLICTS:  # about the user changed, not the one signed in
        return CONFLICTS[code](text, code=code, status=status)
    if code in CREDENTIAL_CODES:
        return InvalidCredentials(text, code=code, status=status)
    if code in GRANT_CODES:
        return AuthorizationInvalid(text, code=code, status=status)
    if status == 400:
        return ValidationFailed(text, fields=field_names.translate(fields, call), code=code, status=status)
    kinds = {401: InvalidCredentials, 403: AuthorizationInvalid, 404: NotFound, 409: Conflict}
    return kinds.get(status, BioTrackError)(text, code=code, status=status)


def transport_error(exc: requests.RequestException) -> Unavailable:
    """An Unavailable for a request that got no answer, saying whether it may have reached BioTrack."""
    if isinstance(exc, requests.ConnectTimeout):
        return Unavailable("BioTrack could not be reached (connection timed out).", sent=False, code="connect_timeout")
    if isinstance(exc, requests.ReadTimeout):
        return Unavailable("BioTrack did not answer in time; the request may have been recorded.", sent=True, code="read_timeout")
    if isinstance(exc, requests.exceptions.SSLError):
        return Unavailable("BioTrack could not be reached (TLS handshake failed).", sent=False, code="tls_error")
    if isinstance(exc, requests.ConnectionError) and _not_connected(exc):
        return Unavailable("BioTrack could not be reached (connection refused or name not resolved).", sent=False, code="connect_error")
    if isinstance(exc, requests.ConnectionError):
        return Unavailable("BioTrack closed the connection without answering; the request may have been recorded.",
                           sent=True, code="connection_dropped")
    return Unavailable("The request to BioTrack failed before an answer.", sent=True, code="transport_error")


def _not_connected(exc: requests.ConnectionError) -> bool:
    """Whether the failure happened while connecting (so nothing was sent)."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)  # NameResolutionError is one too
