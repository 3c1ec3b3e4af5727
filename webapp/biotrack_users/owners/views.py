"""Who a BioTrack user belongs to: assigning it to an employee, and reviewing links.

The rule itself lives in webapp.credentials.ownership; these views only let an admin record
and review it.
"""
from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.biotrack_users.blueprint import bp
from webapp.biotrack_users.access import with_store_access
from webapp.biotrack_users.forms import OwnerForm
from webapp.biotrack_users.views import PERMISSION, load_user
from webapp.credentials import ownership
from webapp.extensions import db
from webapp.models import LinkedCredential, User
from webapp.models.credentials import LIVE_STATES
from webapp.security import location_required, permission_required
from webapp.validation import FieldError, scoped_get


def owner_form() -> OwnerForm:
    """The "Belongs to" form, offering the organization's active employees."""
    form = OwnerForm()
    form.user_id.choices = [(0, "Choose an employee")] + [
        (u.id, f"{u.name} ({u.email})") for u in db.session.scalars(select(User).where(
            User.organization_id == current_user.organization_id, User.active.is_(True)
        ).order_by(User.name))]
    return form


@bp.route("/users/<username>/owner", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def assign_owner(access, username):
    """Record that this BioTrack user belongs to an employee (who may then link it)."""
    user, error = load_user(access, username)
    form = owner_form()
    if user is None:
        flash(error, "error")
    elif not form.validate_on_submit() or not form.user_id.data:
        flash("Choose the employee this BioTrack user belongs to.", "error")
    else:
        employee = scoped_get(User, form.user_id.data, current_user.organization_id)
        try:
            ownership.assign(current_user, user.username, employee)
        except FieldError as exc:
            flash(exc.message, "error")
        else:
            flash(f"BioTrack user {user.username} now belongs to {employee.name}: they can link "
                  "it in My BioTrack credentials.", "success")
    return redirect(url_for("biotrack_users.view_user", username=username))


@bp.route("/users/<username>/owner/remove", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def remove_owner(access, username):
    """Take back an assignment (a link made with it is then listed on Onboarding)."""
    if ownership.unassign(current_user, username):
        flash(f"BioTrack user {username} no longer belongs to anyone.", "success")
    return redirect(url_for("biotrack_users.view_user", username=username))


def _link(access, credential_id) -> LinkedCredential:
    """A live link of the store's license in the admin's organization, or 404."""
    credential = scoped_get(LinkedCredential, credential_id, current_user.organization_id)
    if credential.status not in LIVE_STATES or credential.license != access.license:
        abort(404)
    return credential


@bp.route("/onboarding/links/<int:credential_id>/confirm", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def confirm_link(access, credential_id):
    """Confirm that a link's BioTrack user is its owner's: recorded as an assignment."""
    credential = _link(access, credential_id)
    try:
        ownership.assign(current_user, credential.username, credential.user)
    except FieldError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Confirmed: BioTrack user {credential.username} belongs to "
              f"{credential.user.name}.", "success")
    return redirect(url_for("biotrack_users.onboarding"))


@bp.route("/onboarding/links/<int:credential_id>/remove", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def remove_link(access, credential_id):
    """Remove a link whose BioTrack user is not its owner's (kept as history)."""
    credential = _link(access, credential_id)
    ownership.remove_link(current_user, credential)
    flash(f"{credential.user.name}'s link to {credential.username} removed: their actions are "
          "reported as the store's default user until they link their own account.", "success")
    return redirect(url_for("biotrack_users.onboarding"))
