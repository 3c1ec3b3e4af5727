"""v1/login and v1/me: a BioTrack user's own session."""
import secrets

from flask import Blueprint, current_app, jsonify

from . import clock, db, tokens
from .accounts import find_user, has_license, password_matches, user_json
from .errors import ApiError
from .guards import current_session
from .validate import EMAIL, UBI, Reader, json_body

bp = Blueprint("sessions", __name__)


@bp.post("/v1/login")
def login():
    """Check UBI, license, username and password; answer a Session each failure named apart."""
    body = Reader(json_body())
    ubi = body.string("UBI", pattern=UBI, hint="must be the 9-digit UBI, as a string.")
    license_ = body.string("License")
    username = body.string("Username", pattern=EMAIL, hint="must be the e-mail address of the BioTrack user.")
    password = body.string("Password")
    body.check()
    user = _authenticate(ubi, license_, username, password)
    now = clock.now()
    expires = now + current_app.config["SANDBOX_SESSION_SECONDS"]
    sid = secrets.token_hex(16)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (sid, user_id, license, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (sid, user["id"], license_, now, expires),
        )
    claims = {"sid": sid, "sub": user["username"], "ubi": ubi, "lic": license_, "iat": int(now), "exp": int(expires)}
    return jsonify({"Session": tokens.encode_jwt(claims), "ExpiresAt": clock.rfc3339(expires)})


def _authenticate(ubi, license_, username, password):
    """The user these credentials belong to, or the precise reason they fail."""
    if db.one("SELECT 1 FROM companies WHERE ubi = ?", ubi) is None:
        raise ApiError(401, "unknown_ubi", f"No BioTrack company has UBI {ubi}; check the UBI.")
    lic = db.one("SELECT * FROM licenses WHERE license = ? AND ubi = ?", license_, ubi)
    if lic is None:
        raise ApiError(401, "unknown_license", f"License {license_} is not a license of UBI {ubi}; check the BioTrack "
                                               "license (it may differ from the OCM license number).")
    if lic["status"] != "active" or lic["deleted"]:
        raise ApiError(401, "license_inactive", f"License {license_} is not active in BioTrack.")
    user = find_user(ubi, username)
    if user is None:
        raise ApiError(401, "unknown_user", f"No BioTrack user {username} exists for UBI {ubi}.")
    if not password_matches(user, password):
        raise ApiError(401, "invalid_password", f"The password for {username} is wrong; check it or ask an admin to reset it.")
    if not user["active"]:
        raise ApiError(401, "user_inactive", f"BioTrack user {username} is deactivated; an admin of UBI {ubi} must reactivate it.")
    if not has_license(user["id"], license_):
        raise ApiError(403, "no_license_access", f"BioTrack user {username} has no access to license {license_}; an admin can grant it.")
    return user


@bp.get("/v1/me")
def me():
    """The session's user, and the license the session is for."""
    session = current_session()
    return jsonify(user_json(session.user) | {"License": session.license})
