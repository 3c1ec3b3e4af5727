"""Onboarding: employees who act in the store but are not (validly) linked to a BioTrack user."""
from flask import render_template

from webapp.biotrack_users import bp
from webapp.biotrack_users.access import with_store_access
from webapp.biotrack_users.linking import NOT_LINKED, not_linked
from webapp.biotrack_users.views import PERMISSION
from webapp.reporting.coverage import coverage, store_share
from webapp.security import location_required, permission_required


@bp.route("/onboarding")
@permission_required(PERMISSION)
@location_required
@with_store_access
def onboarding(access):
    """Who is still reported as the default user, with a one-click "Create BioTrack user"."""
    by_user = coverage(access.location)
    return render_template("biotrack_users/onboarding.html", access=access,
                           rows=not_linked(access.location), not_linked_label=NOT_LINKED,
                           coverage=by_user, store_share=store_share(by_user))
