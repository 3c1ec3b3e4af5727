"""Buttons on a BioTrack user: deactivate (confirmed), reactivate, send a password e-mail."""
from flask import flash, redirect, request, url_for
from flask_login import current_user

from webapp.biotrack import BioTrackError
from webapp.biotrack_users import services
from webapp.biotrack_users.blueprint import bp
from webapp.biotrack_users.access import with_store_access
from webapp.biotrack_users.messages import failure
from webapp.biotrack_users.views import PERMISSION, load_user
from webapp.security import location_required, permission_required
from webapp.validation import FieldError, safe_next


def _back(username):
    """Where the button was pressed (a safe local path), else the user's page."""
    return redirect(safe_next(request.form.get("next"))
                    if request.form.get("next") else
                    url_for("biotrack_users.view_user", username=username))


def _set_active(access, username, active):
    """Shared handling of deactivate and reactivate."""
    user, error = load_user(access, username)
    if user is None:
        flash(error, "error")
        return _back(username)
    try:
        services.set_active(access, current_user, user, active)
    except FieldError as exc:
        flash(exc.message, "error")
    except BioTrackError as exc:
        flash(failure(exc, access), "error")
    else:
        flash(f"BioTrack user {user.username} {'reactivated' if active else 'deactivated'}.",
              "success")
    return _back(username)


@bp.route("/users/<username>/deactivate", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def deactivate_user(access, username):
    """Deactivate a BioTrack user (after the confirmation dialog)."""
    return _set_active(access, username, False)


@bp.route("/users/<username>/reactivate", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def reactivate_user(access, username):
    """Let a deactivated BioTrack user sign in again."""
    return _set_active(access, username, True)


@bp.route("/users/<username>/password-reset", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def password_reset(access, username):
    """Have BioTrack e-mail the user a link to choose a new password."""
    try:
        services.send_password_reset(access, current_user, username)
    except FieldError as exc:
        flash(exc.message, "error")
    except BioTrackError as exc:
        flash(failure(exc, access), "error")
    else:
        flash(f"BioTrack e-mailed {username} a link to choose a new password.", "success")
    return _back(username)
