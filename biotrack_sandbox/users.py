"""Users of a UBI: list, get, create, edit, deactivate, reactivate, password e-mail (grant + admin session)."""
import secrets
import sqlite3

from flask import Blueprint, jsonify, request

from . import clock, db, guards
from .accounts import (
    find_user, insert_user, refuse_last_admin, set_active, set_licenses, set_password, user_json, users_json,
)
from .errors import conflict, invalid, not_found
from .password_reset import send_password_email
from .validate import EMAIL, Reader, json_body

bp = Blueprint("users", __name__)
EDITABLE = {"FirstName", "LastName", "Admin", "Licenses", "Password"}
CREATABLE = EDITABLE | {"Username", "SendPasswordEmail"}


def _target(session, username: str):
    """A user of the admin's UBI, or a 404."""
    user = find_user(session.ubi, username)
    if user is None:
        raise not_found("user_not_found", f"No BioTrack user {username} exists for UBI {session.ubi}.")
    return user


def _query_int(name: str, default: int, errors: dict, maximum: int) -> int:
    """A whole-number query parameter within 1..maximum, else an error for it."""
    raw = request.args.get(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        errors[name] = f"must be a whole number from 1 to {maximum}."
        return default
    return int(raw)


@bp.get("/v1/users")
def list_users():
    """A page of the UBI's users, optionally searched and filtered by active."""
    session = guards.admin()
    errors = {}
    page = _query_int("page", 1, errors, 100000)
    per_page = _query_int("per_page", 25, errors, 100)
    active = request.args.get("active")
    if active not in (None, "true", "false"):
        errors["active"] = "must be true or false."
    if errors:
        raise invalid(errors)
    where, params = "ubi = ?", [session.ubi]
    search = request.args.get("search", "").strip()
    if search:
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where += " AND (username LIKE ? ESCAPE '\\' OR (first_name || ' ' || last_name) LIKE ? ESCAPE '\\')"
        params += [like, like]
    if active is not None:
        where += " AND active = ?"
        params.append(int(active == "true"))
    total = db.one(f"SELECT COUNT(*) AS n FROM users WHERE {where}", *params)["n"]
    rows = db.all_rows(f"SELECT * FROM users WHERE {where} ORDER BY username LIMIT ? OFFSET ?", *params, per_page, (page - 1) * per_page)
    return jsonify({"Users": users_json(rows), "Page": page, "PerPage": per_page, "Total": total})


@bp.get("/v1/users/<username>")
def get_user(username):
    """One user."""
    return jsonify(user_json(_target(guards.admin(), username)))


def _licenses(body: Reader, session, licenses):
    """Check that every license belongs to the admin's UBI and is active."""
    for lic in licenses or []:
        row = db.one("SELECT * FROM licenses WHERE license = ? AND ubi = ?", lic, session.ubi)
        if row is None or row["status"] != "active" or row["deleted"]:
            body.fail("Licenses", f"{lic} is not an active license of UBI {session.ubi}.")
    return licenses


@bp.post("/v1/users")
def create_user():
    """Create a user with a password, or send them an e-mail to choose one."""
    session = guards.admin()
    body = Reader(json_body())
    body.only(CREATABLE)
    first, last = body.string("FirstName", max_length=100), body.string("LastName", max_length=100)
    username = body.string("Username", pattern=EMAIL, hint="must be the user's e-mail address.")
    is_admin = body.boolean("Admin")
    licenses = _licenses(body, session, body.string_list("Licenses", required=False))
    password = body.password(required=False)
    send_email = body.boolean("SendPasswordEmail", required=False) or False
    if bool(password) == send_email and "Password" not in body.errors:
        body.fail("Password", "give either a Password or SendPasswordEmail: true (not both).")
    body.check()
    licenses = licenses if licenses is not None else [session.license]
    taken = conflict("username_taken", f"A BioTrack user {username} already exists for UBI {session.ubi}.")
    try:
        with db.transaction() as conn:
            if find_user(session.ubi, username) is not None:
                raise taken
            # Someone invited by e-mail gets an unusable random password until they choose one.
            insert_user(conn, session.ubi, username, first, last, password or secrets.token_urlsafe(32),
                        is_admin=is_admin, licenses=licenses)
            if send_email:
                send_password_email(conn, find_user(session.ubi, username), new_account=True)
    except sqlite3.IntegrityError:
        raise taken from None
    return jsonify(user_json(find_user(session.ubi, username))), 201


@bp.patch("/v1/users/<username>")
def update_user(username):
    """Change names, admin flag, licenses or password; never demote the last admin."""
    session = guards.admin()
    data = json_body()
    body = Reader(data)
    body.only(EDITABLE)
    if not data:
        body.fail("Body", "send at least one of " + ", ".join(sorted(EDITABLE)) + ".")
    first = body.string("FirstName", required=False, max_length=100)
    last = body.string("LastName", required=False, max_length=100)
    is_admin = body.boolean("Admin", required=False)
    licenses = _licenses(body, session, body.string_list("Licenses", required=False))
    password = body.password(required=False)
    body.check()
    with db.transaction() as conn:
        user = _target(session, username)
        if is_admin is False:
            refuse_last_admin(user)
        changes = {"first_name": first, "last_name": last, "is_admin": None if is_admin is None else int(is_admin)}
        changes = {column: value for column, value in changes.items() if value is not None}
        if changes:
            assignments = "".join(f"{column} = ?, " for column in changes)  # fixed column names, never input
            conn.execute(f"UPDATE users SET {assignments}updated_at = ? WHERE id = ?", (*changes.values(), clock.now(), user["id"]))
        if licenses is not None:
            set_licenses(conn, user["id"], licenses)
        if password is not None:
            set_password(conn, user["id"], password)
    return jsonify(user_json(_target(session, username)))


@bp.post("/v1/users/<username>/deactivate")
def deactivate(username):
    """Deactivate a user (their sessions end); never the last active admin."""
    session = guards.admin()
    with db.transaction() as conn:
        user = _target(session, username)
        refuse_last_admin(user)
        set_active(conn, user["id"], False)
    return jsonify(user_json(_target(session, username)))


@bp.post("/v1/users/<username>/reactivate")
def reactivate(username):
    """Reactivate a user."""
    session = guards.admin()
    with db.transaction() as conn:
        set_active(conn, _target(session, username)["id"], True)
    return jsonify(user_json(_target(session, username)))


@bp.post("/v1/users/<username>/password-reset")
def password_reset(username):
    """E-mail the user a link to choose a new password."""
    session = guards.admin()
    with db.transaction() as conn:
        user = _target(session, username)
        if not user["active"]:
            raise conflict("user_inactive", f"{user['username']} is deactivated; reactivate the user first.")
        send_password_email(conn, user)
    return jsonify({"Username": user["username"], "EmailSent": True}), 202
