"""Organization Management: stores and their licenses."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.admin.stores import saving as stores
from webapp.admin.blueprint import bp
from webapp.admin.forms import LocationForm
from webapp.extensions import db
from webapp.models import Location
from webapp.paging import keyset
from webapp.security import permission_required
from webapp.validation import FieldError, scoped_get, show_field_error


@bp.route("/locations")
@permission_required("manage_organization")
def locations():
    """The organization's stores with both license numbers, a page at a time."""
    page = keyset(select(Location).where(
        Location.organization_id == current_user.organization_id), (Location.name, Location.id),
        after=request.args.get("after"), before=request.args.get("before"))
    return render_template("admin/locations.html", locations=page.items, page=page)


@bp.route("/locations/new", methods=["GET", "POST"])
@permission_required("manage_organization")
def new_location():
    """Add a store."""
    return _edit_location(None)


@bp.route("/locations/<location_id>", methods=["GET", "POST"])
@permission_required("manage_organization")
def edit_location(location_id):
    """Edit a store."""
    return _edit_location(scoped_get(Location, location_id, current_user.organization_id))


def _edit_location(location):
    """Shared form handling of new and existing stores."""
    form = LocationForm(obj=location)
    if form.validate_on_submit():
        try:
            saved = stores.save_location(
                current_user.organization, current_user, location=location, name=form.name.data,
                biotrack_license=form.biotrack_license.data, ocm_license=form.ocm_license.data,
                time_zone=form.time_zone.data, default_intake=form.default_intake.data,
                report_sales=form.report_sales.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            flash(f"Store “{saved.name}” saved.", "success")
            return redirect(url_for("admin.locations"))
    return render_template("admin/location_form.html", form=form, location=location)
