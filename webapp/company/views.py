"""Settings > Integrations > BioTrack: the page, step 1 (UBI) and step 1a (vendor preference)."""
from flask import request
from flask_login import current_user

from webapp.company import refresh, settings
from webapp.company.blueprint import bp
from webapp.company.context import page_context
from webapp.company.forms import VENDOR_MODE_LABELS, UbiForm, VendorModeForm
from webapp.htmx import render
from webapp.models import utcnow
from webapp.security import permission_required
from webapp.validation import FieldError, show_field_error

PAGE, STEPS = "company/page.html", "company/_steps.html"
PERMISSION = "manage_company_settings"


def steps(**extra):
    """The steps (the whole page for requests without HTMX)."""
    return render(PAGE, STEPS, **page_context(current_user.organization, **extra))


@bp.route("/integrations/biotrack")
@permission_required(PERMISSION)
def biotrack():
    """The page, steps 1 to 3 in the seed's order (HTMX gets the steps: Cancel)."""
    return steps()


@bp.route("/integrations/biotrack/ubi", methods=["POST"])
@permission_required(PERMISSION)
def save_ubi():
    """Step 1: set the UBI, or change it after the confirmation dialog."""
    form = UbiForm()
    if form.validate_on_submit():
        try:
            changed = settings.set_ubi(current_user.organization, current_user, form.ubi.data,
                                       confirmed=request.form.get("confirm") == "yes")
        except FieldError as error:
            show_field_error(form, error)
        else:
            notice = (f"BioTrack UBI saved: {form.ubi.data}." if changed
                      else "The BioTrack UBI is unchanged.")
            return steps(notice=notice)
    return steps(ubi_form=form)


@bp.route("/integrations/biotrack/vendor-mode", methods=["POST"])
@permission_required(PERMISSION)
def save_vendor_mode():
    """Step 1a: Save preference."""
    form = VendorModeForm()
    if form.validate_on_submit():
        try:
            settings.set_vendor_mode(current_user.organization, current_user, form.mode.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            return steps(notice=f"Preference saved: {VENDOR_MODE_LABELS[form.mode.data]}.")
    return steps(mode_form=form)


@bp.route("/integrations/biotrack/vendors/preview")
@permission_required(PERMISSION)
def preview():
    """Step 1a: what each choice would create from the state's vendor list (nothing is saved)."""
    organization = current_user.organization
    extra = {}
    if not organization.biotrack_ubi:
        extra["preview_error"] = "Set the BioTrack UBI in step 1 first."
    else:
        try:
            extra["preview"] = refresh.preview(organization)
        except refresh.ReadFailed as failed:
            extra["preview_error"] = failed.message
    return render(PAGE, "company/_preview.html", **page_context(organization, **extra))


@bp.route("/integrations/biotrack/companies/refresh", methods=["POST"])
@permission_required(PERMISSION)
def refresh_now():
    """Step 1a: Create companies (or refresh them) now."""
    run = refresh.refresh_companies(current_user.organization, utcnow(), actor=current_user)
    if run.error_count:
        return steps(error=f"Companies were not refreshed: {run.errors}")
    return steps(notice=f"Companies refreshed from BioTrack: {run.summary()}.")
