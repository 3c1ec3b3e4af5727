"""Switching the store one works in (the selector in the layout's header)."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.models import Location
from webapp.sessions import select_location
from webapp.stores.blueprint import bp
from webapp.validation import positive_int, safe_next


@bp.route("/store", methods=["POST"])
@login_required
def select():
    """Switch the selected store to one the user has access to."""
    location = db.session.get(Location, request.form.get("location_id", type=positive_int) or 0)
    if location is None or location.organization_id != current_user.organization_id:
        abort(404, description="There is no such store.")
    if not location.active or not current_user.can_access(location):
        abort(403, description="You do not have access to that store.")
    select_location(location)
    flash(f"Now working in {location.name}.", "info")
    return redirect(safe_next(request.form.get("next") or url_for("dashboard.index")))

