"""Onboarding: employees who act in the store but are not (validly) linked to a BioTrack user."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.biotrack_users.blueprint import bp
from webapp.biotrack_users.access import with_store_access
from webapp.biotrack_users.invitations import invite_to_link
from webapp.biotrack_users import services
from webapp.biotrack_users.forms import ActionForm
from webapp.biotrack_users.linking import NOT_LINKED, not_linked, with_existing_accounts
from webapp.credentials.ownership import links_breaking_rule
from webapp.models import User
from webapp.validation import scoped_get
from webapp.biotrack_users.views import PERMISSION
from webapp.delivery.coverage import coverage, store_share
from webapp.security import location_required, permission_required


@bp.route("/onboarding")
@permission_required(PERMISSION)
@location_required
@with_store_access
def onboarding(access):
    """Who is still reported as the default user, with a one-click "Create BioTrack user"."""
    by_user = coverage(access.location)
    rows, checked = with_existing_accounts(
        not_linked(access.location),
        lambda username: services.existing_user(access, username) is not None)
    return render_template("biotrack_users/onboarding.html", access=access, rows=rows,
                           checked=checked, not_linked_label=NOT_LINKED, coverage=by_user,
                           store_share=store_share(by_user), action_form=ActionForm(),
                           to_review=links_breaking_rule(access.location.organization_id,
                                                         access.license))


@bp.route("/onboarding/<int:user_id>/invite", methods=["POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def invite(access, user_id):
    """E-mail an employee a link straight to their own linking form for this store."""
    user = scoped_get(User, user_id, current_user.organization_id)
    if not user.active or not user.can_access(access.location):
        abort(404)
    invite_to_link(user, access.location, current_user)
    flash(f"Invitation e-mailed to {user.email}: it opens their own “Add Your BioTrack API Credentials” form "
          f"for {access.location.name}.", "success")
    return redirect(url_for("biotrack_users.onboarding"))
