"""Step 3: Sync BioTrack licenses to TraceBridge."""
from flask import abort, request
from flask_login import current_user

from webapp.company.licenses import services as licenses
from webapp.company.blueprint import bp
from webapp.company.context import license_form as build_license_form
from webapp.company.context import page_context
from webapp.company.credentials.services import first_valid_credential
from webapp.company.forms import LicenseSyncForm
from webapp.company.views import PAGE, PERMISSION, steps
from webapp.htmx import render
from webapp.models import utcnow
from webapp.security import permission_required
from webapp.validation import FieldError, show_field_error


def _step_open():
    """Refuse while step 3 is blocked: no UBI or no valid company credentials."""
    organization = current_user.organization
    if not organization.biotrack_ubi or first_valid_credential(organization) is None:
        abort(409, description=licenses.NO_CREDENTIALS)


@bp.route("/integrations/biotrack/licenses/form")
@permission_required(PERMISSION)
def license_form():
    """The form again for the picked license: its name filled in from BioTrack's listing."""
    organization = current_user.organization
    args = request.args
    # From the form itself (hx-include) its other fields come along and are kept.
    form = LicenseSyncForm(formdata=args) if "name" in args else \
        LicenseSyncForm(formdata=None, license=args.get("license", ""))
    picked = form.license.data
    row = next((r for r in licenses.listed_licenses(organization) if r.license == picked), None)
    autofilled = args.get("autofilled", "")
    if row is not None and (not form.name.data or form.name.data == autofilled):
        form.name.data = autofilled = row.name
    return render(PAGE, "company/_license_form.html", **page_context(
        organization, license_form=build_license_form(organization, form),
        autofilled=autofilled))


@bp.route("/integrations/biotrack/licenses", methods=["POST"])
@permission_required(PERMISSION)
def create_license():
    """Create License: the store is created in Organization Management."""
    _step_open()
    organization = current_user.organization
    form = build_license_form(organization, LicenseSyncForm())
    if form.validate_on_submit():
        try:
            store = licenses.create_location(
                organization, current_user, license=form.license.data, name=form.name.data,
                ocm_license=form.ocm_license.data, time_zone=form.time_zone.data,
                default_intake=form.default_intake.data, report_sales=form.report_sales.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            # One message, in step 3 beside the form (with the way to the new store).
            return steps(created=store)
    return steps(license_form=form)


@bp.route("/integrations/biotrack/licenses/resync", methods=["POST"])
@permission_required(PERMISSION)
def resync():
    """Refresh the license list from BioTrack now."""
    _step_open()
    run = licenses.resync_licenses(current_user.organization, utcnow(), actor=current_user)
    if run.error_count:
        return steps(error=f"The license list was not refreshed: {run.errors}")
    return steps(notice=f"License list refreshed from BioTrack: {run.summary()}.")
