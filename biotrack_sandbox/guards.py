"""Who is calling: the user's session (Authorization) and the integrator grant (X-Integrator-Token)."""
from dataclasses import dataclass

from flask import request

from . import clock, db, tokens
from .accounts import has_license
from .grants import lapsed
from .errors import ApiError

GRANT_HEADER = "X-Integrator-Token"


@dataclass(frozen=True)
class Session:
    """A logged-in BioTrack user, for the license they logged in with."""

    sid: str
    user: object
    license: str

    @property
    def ubi(self) -> str:
        """The UBI of the session's user."""
        return self.user["ubi"]


def current_session() -> Session:
    """The session of the Bearer token, or a 401 saying how to get a good one."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise ApiError(401, "session_missing", "Log in first (POST /v1/login) and send 'Authorization: Bearer <Session>'.")
    claims = tokens.decode_jwt(header[len("Bearer "):].strip())
    row = claims and db.one("SELECT * FROM sessions WHERE sid = ?", str(claims.get("sid")))
    if not row:
        raise ApiError(401, "session_invalid", "The session is not valid; log in again.")
    if row["revoked_at"] is not None:
        raise ApiError(401, "session_revoked", "This session was ended (password changed or user deactivated); log in again.")
    if row["expires_at"] <= clock.now():
        raise ApiError(401, "session_expired", "The session has expired; log in again.")
    user = db.one("SELECT * FROM users WHERE id = ?", row["user_id"])
    return Session(row["sid"], user, row["license"])


def current_grant(license_: str):
    """The integrator grant of the access token sent, valid for this license, or a 403."""
    token = request.headers.get(GRANT_HEADER, "").strip()
    if not token:
        raise ApiError(403, "grant_missing",
                       f"This call needs the integrator grant of license {license_}: send its access token in {GRANT_HEADER}.")
    grant = db.one(
        "SELECT g.*, a.expires_at AS token_expires_at FROM access_tokens a JOIN grants g USING (grant_id) "
        "WHERE a.token_hash = ?", tokens.digest(token),
    )
    if grant is None:
        raise ApiError(403, "integrator_token_invalid", "The integrator access token is unknown; refresh the grant or authorize again.")
    problem = lapsed(grant)
    if problem is not None:
        raise ApiError(403, *problem)
    if grant["token_expires_at"] <= clock.now():
        raise ApiError(403, "integrator_token_expired",
                       "The integrator access token has expired; refresh it with the grant's refresh token.")
    if grant["license"] != license_:
        raise ApiError(403, "grant_missing", f"The integrator grant sent is for license {grant['license']}, not {license_}.")
    return grant


def licensed(license_: str, session: Session | None = None) -> Session:
    """A session acting for this license, with the integrator's grant for it."""
    session = session or current_session()
    current_grant(license_)
    if session.license != license_:
        raise ApiError(403, "session_license_mismatch",
                       f"This session is for license {session.license}; log in with license {license_} to act for it.")
    if not has_license(session.user["id"], license_):
        raise ApiError(403, "no_license_access", f"User {session.user['username']} has no access to license {license_}.")
    return session


def admin() -> Session:
    """An admin's session plus the integrator grant of the license it logged in with."""
    session = current_session()
    licensed(session.license, session)
    if not session.user["is_admin"]:
        raise ApiError(403, "not_admin", f"Only an admin of UBI {session.ubi} can manage users; {session.user['username']} is not one.")
    return session
