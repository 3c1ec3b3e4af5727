"""Controls over grants, users and registered clients."""
from flask import current_app, jsonify

from .. import clock, db, grants, seed
from ..accounts import set_active, set_password
from ..errors import invalid, not_found
from . import bp
from .body import body, need


@bp.get("/grants")
def list_grants():
    """Every grant with its state."""
    rows = db.all_rows("SELECT * FROM grants ORDER BY created_at")
    return jsonify({"grants": [
        {"grant_id": r["grant_id"], "client_id": r["client_id"], "ubi": r["ubi"], "license": r["license"],
         "created_at": clock.rfc3339(r["created_at"]), "expires_at": clock.rfc3339(r["expires_at"]),
         "revoked": r["revoked_at"] is not None, "superseded_by": r["superseded_by"]}
        for r in rows
    ]})


def _live(license_: str) -> list:
    """The live grants of a license, or a 404."""
    found = grants.live_grants(license_)
    if not found:
        raise not_found("grant_not_found", f"No live grant exists for license {license_}.")
    return found


@bp.post("/grants/expire")
def expire_grant():
    """Make the live grants of a license expire now (and their access tokens)."""
    (license_,) = need(body(), "license")
    ids = [g["grant_id"] for g in _live(license_)]
    past = clock.now() - 1
    with db.transaction() as conn:
        for grant_id in ids:
            conn.execute("UPDATE grants SET expires_at = ? WHERE grant_id = ?", (past, grant_id))
            conn.execute("UPDATE access_tokens SET expires_at = MIN(expires_at, ?) WHERE grant_id = ?", (past, grant_id))
    return jsonify({"expired": ids})


@bp.post("/grants/revoke")
def revoke_grant():
    """Revoke the live grants of a license, as a license admin would in BioTrack."""
    (license_,) = need(body(), "license")
    ids = [g["grant_id"] for g in _live(license_)]
    with db.transaction() as conn:
        conn.executemany("UPDATE grants SET revoked_at = ? WHERE grant_id = ?", [(clock.now(), i) for i in ids])
    return jsonify({"revoked": ids})


def _user(data: dict):
    """The user named by username (and ubi, when the username exists in several UBIs)."""
    (username,) = need(data, "username")
    if data.get("ubi"):
        rows = db.all_rows("SELECT * FROM users WHERE username = ? AND ubi = ?", username, data["ubi"])
    else:
        rows = db.all_rows("SELECT * FROM users WHERE username = ?", username)
    if not rows:
        raise not_found("user_not_found", f"No user {username}.")
    if len(rows) > 1:
        raise invalid({"ubi": f"{username} exists in several UBIs; name the UBI."})
    return rows[0]


@bp.post("/users/password")
def change_password():
    """Change a user's password behind the app's back (their sessions end)."""
    data = body()
    user = _user(data)
    (password,) = need(data, "password")
    with db.transaction() as conn:
        set_password(conn, user["id"], password)
    return jsonify({"username": user["username"], "password_changed": True})


@bp.post("/users/deactivate")
def deactivate_user():
    """Deactivate a user behind the app's back."""
    user = _user(body())
    with db.transaction() as conn:
        set_active(conn, user["id"], False)
    return jsonify({"username": user["username"], "active": False})


@bp.post("/users/reactivate")
def reactivate_user():
    """Reactivate a user."""
    user = _user(body())
    with db.transaction() as conn:
        set_active(conn, user["id"], True)
    return jsonify({"username": user["username"], "active": True})


@bp.post("/clients")
def add_client():
    """Register another integrator client."""
    data = body()
    client_id, secret = need(data, "client_id", "client_secret")
    with db.transaction() as conn:
        seed.register_client(conn, client_id, secret, data.get("company", client_id), data.get("application", client_id),
                             data.get("redirect_uris", []))
    return jsonify({"client_id": client_id}), 201


@bp.post("/redirect-uris")
def add_redirect_uri():
    """Register one more redirect URI (for our client unless client_id is given)."""
    data = body()
    (uri,) = need(data, "uri")
    client_id = data.get("client_id") or current_app.config["BIOTRACK_CLIENT_ID"]
    if db.one("SELECT 1 FROM clients WHERE client_id = ?", client_id) is None:
        raise not_found("client_not_found", f"No client {client_id}.")
    with db.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO redirect_uris (client_id, uri) VALUES (?, ?)", (client_id, uri))
    return jsonify({"client_id": client_id, "uri": uri}), 201
