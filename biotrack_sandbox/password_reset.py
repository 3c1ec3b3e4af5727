"""Password e-mails (kept in the sandbox outbox) and the page their link opens."""
import secrets

from flask import Blueprint, abort, jsonify, render_template, request, session, url_for

from . import clock, db, tokens
from .accounts import find_user, set_password
from .validate import EMAIL, UBI, Reader, json_body

bp = Blueprint("password_reset", __name__)
LINK_SECONDS = 24 * 3600
MIN_PASSWORD = 8


def send_password_email(conn, user, *, new_account: bool = False) -> None:
    """Put a set-your-password e-mail with a one-day link in the outbox."""
    token = tokens.new_token("pw")
    conn.execute(
        "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
        (tokens.digest(token), user["id"], clock.now() + LINK_SECONDS),
    )
    link = url_for("password_reset.form", token=token, _external=True)
    subject = "Your new BioTrack account" if new_account else "Reset your BioTrack password"
    body = (f"Hello {user['first_name']},\n\nSet your BioTrack password for {user['username']} "
            f"(UBI {user['ubi']}) within 24 hours at:\n{link}\n\nIf you did not expect this e-mail, ignore it.\n")
    conn.execute(
        "INSERT INTO outbox (to_address, subject, body, link, created_at) VALUES (?, ?, ?, ?, ?)",
        (user["username"], subject, body, link, clock.now()),
    )


@bp.post("/v1/password-reset")
def forgot():
    """Session-less 'forgot password' for a user: always 202, so it reveals no accounts."""
    body = Reader(json_body())
    ubi = body.string("UBI", pattern=UBI, hint="must be the 9-digit UBI, as a string.")
    username = body.string("Username", pattern=EMAIL, hint="must be an e-mail address.")
    body.check()
    user = find_user(ubi, username)
    if user is not None and user["active"]:
        with db.transaction() as conn:
            send_password_email(conn, user)
    return jsonify({"EmailSent": True}), 202


def _reset_row(token: str):
    """The unused, unexpired reset of this token, or None."""
    row = db.one(
        "SELECT r.*, u.username FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?",
        tokens.digest(token),
    )
    if row is None or row["used_at"] is not None or row["expires_at"] <= clock.now():
        return None
    return row


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def form(token):
    """Let the e-mail's recipient choose a new password."""
    row = _reset_row(token)
    if row is None:
        return render_template("reset_password.html", error="This link is not valid any more. Ask for a new e-mail."), 400
    csrf = session.setdefault("csrf", secrets.token_urlsafe(24))
    if request.method == "GET":
        return render_template("reset_password.html", username=row["username"], csrf=csrf)
    if not secrets.compare_digest(request.form.get("csrf_token", ""), csrf):
        abort(400)
    password = request.form.get("password", "")
    error = None
    if len(password) < MIN_PASSWORD:
        error = f"Choose a password of at least {MIN_PASSWORD} characters."
    elif password != request.form.get("confirm"):
        error = "The two passwords differ."
    if error:
        return render_template("reset_password.html", username=row["username"], csrf=csrf, error=error), 400
    with db.transaction() as conn:
        set_password(conn, row["user_id"], password)
        conn.execute("UPDATE password_resets SET used_at = ? WHERE token_hash = ?", (clock.now(), row["token_hash"]))
    return render_template("reset_password.html", done=True)
