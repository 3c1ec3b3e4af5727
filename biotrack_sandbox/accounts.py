"""BioTrack user accounts: passwords, lookups and the JSON shape of a user."""
from werkzeug.security import check_password_hash, generate_password_hash

from . import clock, db
from .errors import conflict

# A light hash: the sandbox holds only test accounts, and tests log in often.
PASSWORD_METHOD = "pbkdf2:sha256:5000"


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def password_matches(user, password: str) -> bool:
    """Check a password against a user row."""
    return check_password_hash(user["password_hash"], password)


def find_user(ubi: str, username: str):
    """The user of a UBI by username (case-insensitive), or None."""
    return db.one("SELECT * FROM users WHERE ubi = ? AND username = ?", ubi, username)


def user_licenses(user_id: int) -> list[str]:
    """Licenses a user may act for."""
    rows = db.all_rows("SELECT license FROM user_licenses WHERE user_id = ? ORDER BY license", user_id)
    return [r["license"] for r in rows]


def has_license(user_id: int, license_: str) -> bool:
    """Whether the user may act for this license."""
    return db.one("SELECT 1 FROM user_licenses WHERE user_id = ? AND license = ?", user_id, license_) is not None


def insert_user(conn, ubi, username, first_name, last_name, password, *, is_admin, active=True, licenses=()) -> int:
    """Create a user with their licenses; returns the new id."""
    now = clock.now()
    user_id = conn.execute(
        "INSERT INTO users (ubi, username, first_name, last_name, password_hash, is_admin, active, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ubi, username, first_name, last_name, hash_password(password), int(is_admin), int(active), now, now),
    ).lastrowid
    set_licenses(conn, user_id, licenses)
    return user_id


def set_licenses(conn, user_id: int, licenses) -> None:
    """Replace the licenses a user may act for."""
    conn.execute("DELETE FROM user_licenses WHERE user_id = ?", (user_id,))
    conn.executemany("INSERT INTO user_licenses (user_id, license) VALUES (?, ?)",
                     [(user_id, lic) for lic in dict.fromkeys(licenses)])


def refuse_last_admin(user) -> None:
    """BioTrack lets the last admin lock the company out; the sandbox, like our app, refuses."""
    if user["active"] and user["is_admin"] and active_admins(user["ubi"]) <= 1:
        raise conflict("last_admin", f"{user['username']} is the last active admin of UBI {user['ubi']}; "
                                     "make another user an admin first.")


def set_password(conn, user_id: int, password: str) -> None:
    """Change a password; the user's open sessions end, as they do in BioTrack."""
    now = clock.now()
    conn.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", (hash_password(password), now, user_id))
    end_sessions(conn, user_id)


def set_active(conn, user_id: int, active: bool) -> None:
    """Deactivate or reactivate; deactivation ends the user's sessions."""
    conn.execute("UPDATE users SET active = ?, updated_at = ? WHERE id = ?", (int(active), clock.now(), user_id))
    if not active:
        end_sessions(conn, user_id)


def end_sessions(conn, user_id: int) -> None:
    """Revoke every open session of a user."""
    conn.execute(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", (clock.now(), user_id)
    )


def active_admins(ubi: str) -> int:
    """How many active admins a UBI has."""
    return db.one("SELECT COUNT(*) AS n FROM users WHERE ubi = ? AND is_admin = 1 AND active = 1", ubi)["n"]


def users_json(users) -> list[dict]:
    """The API shape of several users, reading their licenses in one query."""
    ids = [u["id"] for u in users]
    licenses = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for row in db.all_rows(f"SELECT user_id, license FROM user_licenses WHERE user_id IN ({marks}) ORDER BY license", *ids):
            licenses[row["user_id"]].append(row["license"])
    return [_user_json(u, licenses[u["id"]]) for u in users]


def user_json(user) -> dict:
    """The API shape of a user."""
    return _user_json(user, user_licenses(user["id"]))


def _user_json(user, licenses: list[str]) -> dict:
    """The user object with its licenses already read."""
    return {
        "Username": user["username"],
        "FirstName": user["first_name"],
        "LastName": user["last_name"],
        "Admin": bool(user["is_admin"]),
        "Active": bool(user["active"]),
        "UBI": user["ubi"],
        "Licenses": licenses,
        "CreatedAt": clock.rfc3339(user["created_at"]),
        "UpdatedAt": clock.rfc3339(user["updated_at"]),
    }
