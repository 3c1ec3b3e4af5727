"""Authorization codes and integrator grants: issue, exchange, refresh, revoke, expire."""
import base64
import hashlib
import re
import secrets

from flask import current_app

from . import clock, db, tokens
from .errors import ApiError

DAY = 86400
VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


class OAuthError(ApiError):
    """An RFC 6749 error answer that also carries BioTrack's Error/Code fields."""

    def __init__(self, error: str, code: str, message: str, status: int = 400):
        headers = {"WWW-Authenticate": 'Basic realm="BioTrack"'} if status == 401 else None
        super().__init__(status, code, message, headers=headers)
        self.error = error

    def body(self) -> dict:
        """RFC 6749 fields first, for any OAuth library."""
        return {"error": self.error, "error_description": self.message} | super().body()


def s256(verifier: str) -> str:
    """PKCE S256: BASE64URL(SHA256(verifier)) without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def issue_code(client_id, redirect_uri, challenge, ubi, license_, scope, user_id) -> str:
    """A single-use authorization code, valid a few minutes."""
    code = tokens.new_token("ac")
    expires = clock.now() + current_app.config["SANDBOX_CODE_SECONDS"]
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO auth_codes (code_hash, client_id, redirect_uri, code_challenge, ubi, license, scope, user_id, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (tokens.digest(code), client_id, redirect_uri, challenge, ubi, license_, scope, user_id, expires),
        )
    return code


def exchange(client_id: str, code: str, redirect_uri: str, verifier: str) -> dict:
    """Trade a code for a new grant (superseding the license's previous one) and its tokens."""
    problem = None
    with db.transaction() as conn:
        row = conn.execute("SELECT * FROM auth_codes WHERE code_hash = ?", (tokens.digest(code),)).fetchone()
        if row is None or row["client_id"] != client_id:
            raise OAuthError("invalid_grant", "invalid_code", "The authorization code is not valid.")
        if row["used_at"] is not None:
            # RFC 6749 4.1.2: a replayed code revokes what it issued (committed before answering).
            conn.execute("UPDATE grants SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", (clock.now(), row["grant_id"]))
            problem = OAuthError("invalid_grant", "code_used",
                                 "The authorization code was already used; the grant it issued is revoked. Authorize again.")
        else:
            conn.execute("UPDATE auth_codes SET used_at = ? WHERE code_hash = ?", (clock.now(), row["code_hash"]))
            problem = _code_problem(row, redirect_uri, verifier)
            if problem is None:
                issued = _create_grant(conn, row)
                conn.execute("UPDATE auth_codes SET grant_id = ? WHERE code_hash = ?", (issued["grant_id"], row["code_hash"]))
    if problem is not None:
        raise problem
    return issued


def _code_problem(row, redirect_uri, verifier) -> OAuthError | None:
    """Why this (unused) code cannot be exchanged, if it cannot."""
    if row["expires_at"] <= clock.now():
        return OAuthError("invalid_grant", "code_expired", "The authorization code has expired; authorize again.")
    if redirect_uri != row["redirect_uri"]:
        return OAuthError("invalid_grant", "redirect_uri_mismatch", "redirect_uri differs from the one used to authorize.")
    if not verifier or not VERIFIER.match(verifier):
        return OAuthError("invalid_request", "pkce_missing", "code_verifier is required (43-128 unreserved characters).")
    if not secrets.compare_digest(s256(verifier), row["code_challenge"]):
        return OAuthError("invalid_grant", "pkce_mismatch", "code_verifier does not match the code_challenge (PKCE S256).")
    return None


def _create_grant(conn, code_row) -> dict:
    """A grant valid SANDBOX_GRANT_DAYS from now; it replaces the client's grant for that license."""
    now = clock.now()
    grant_id = f"GR-{secrets.token_hex(6).upper()}"
    refresh = tokens.new_token("rt")
    conn.execute(
        "UPDATE grants SET superseded_by = ? WHERE client_id = ? AND license = ? AND revoked_at IS NULL AND superseded_by IS NULL",
        (grant_id, code_row["client_id"], code_row["license"]),
    )
    conn.execute(
        "INSERT INTO grants (grant_id, client_id, ubi, license, scope, user_id, refresh_hash, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (grant_id, code_row["client_id"], code_row["ubi"], code_row["license"], code_row["scope"],
         code_row["user_id"], tokens.digest(refresh), now, now + current_app.config["SANDBOX_GRANT_DAYS"] * DAY),
    )
    grant = conn.execute("SELECT * FROM grants WHERE grant_id = ?", (grant_id,)).fetchone()
    return _token_answer(conn, grant, refresh)


def lapsed(grant) -> tuple[str, str] | None:
    """(code, message) when a grant no longer works: revoked, superseded or expired."""
    license_ = grant["license"]
    if grant["revoked_at"] is not None:
        return "grant_revoked", f"The integrator grant for license {license_} was revoked; a license admin must authorize again."
    if grant["superseded_by"] is not None:
        return "grant_superseded", f"The integrator grant for license {license_} was replaced by a newer authorization; use the new grant."
    if grant["expires_at"] <= clock.now():
        return "grant_expired", (f"The integrator grant for license {license_} expired on {clock.rfc3339(grant['expires_at'])}; "
                                 "a license admin must renew it.")
    return None


def refresh(client_id: str, refresh_token: str) -> dict:
    """A new access token for a live grant; the refresh token stays the same (not rotated)."""
    with db.transaction() as conn:
        grant = conn.execute("SELECT * FROM grants WHERE refresh_hash = ?", (tokens.digest(refresh_token or ""),)).fetchone()
        if grant is None or grant["client_id"] != client_id:
            raise OAuthError("invalid_grant", "refresh_token_invalid", "The refresh token is not valid; authorize again.")
        problem = lapsed(grant)
        if problem is not None:
            raise OAuthError("invalid_grant", *problem)
        return _token_answer(conn, grant, refresh_token)


def _token_answer(conn, grant, refresh_token: str) -> dict:
    """Store a new access token and build the RFC 6749 answer with the grant's dates."""
    access = tokens.new_token("at")
    expires = min(clock.now() + current_app.config["SANDBOX_ACCESS_TOKEN_SECONDS"], grant["expires_at"])
    conn.execute("INSERT INTO access_tokens (token_hash, grant_id, expires_at) VALUES (?, ?, ?)",
                 (tokens.digest(access), grant["grant_id"], expires))
    return {
        "access_token": access, "token_type": "Bearer", "expires_in": max(int(expires - clock.now()), 0),
        "refresh_token": refresh_token, "scope": grant["scope"], "grant_id": grant["grant_id"],
        "grant_created_at": clock.rfc3339(grant["created_at"]), "grant_expires_at": clock.rfc3339(grant["expires_at"]),
        "ubi": grant["ubi"], "license": grant["license"],
    }


def revoke(client_id: str, token: str) -> None:
    """Revoke the grant an access or refresh token belongs to (RFC 7009: unknown tokens are ignored)."""
    digest = tokens.digest(token or "")
    with db.transaction() as conn:
        conn.execute(
            "UPDATE grants SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL AND "
            "(refresh_hash = ? OR grant_id IN (SELECT grant_id FROM access_tokens WHERE token_hash = ?))",
            (clock.now(), client_id, digest, digest),
        )


def live_grants(license_: str) -> list:
    """Grants of a license that still work (for the test controls)."""
    return db.all_rows(
        "SELECT * FROM grants WHERE license = ? AND revoked_at IS NULL AND superseded_by IS NULL AND expires_at > ?",
        license_, clock.now(),
    )
