"""Step 2: Add Company BioTrack API Credentials, Update, remove."""
from flask import abort
from flask_login import current_user

from webapp.company.credentials import services as credentials
from webapp.company.licenses import services as licenses
from webapp.company.blueprint import bp
from webapp.company.context import blocked_reasons
from webapp.company.forms import CredentialForm, CredentialUpdateForm
from webapp.company.settings import settings_of
from webapp.company.views import PERMISSION, steps
from webapp.models import CompanyCredential, utcnow
from webapp.security import permission_required
from webapp.validation import FieldError, scoped_get, show_field_error


def _step_open():
    """Refuse while step 2 is still blocked (the page says why)."""
    organization = current_user.organization
    reason = blocked_reasons(organization, settings_of(organization).vendor_mode, True)
    if reason["credentials"]:
        abort(409, description=reason["credentials"])


def _list_licenses():
    """Fill step 3's license list with the credentials just verified (its result is shown there)."""
    licenses.resync_licenses(current_user.organization, utcnow(), actor=current_user)


@bp.route("/integrations/biotrack/credentials/new", methods=["GET", "POST"])
@permission_required(PERMISSION)
def new_credential():
    """The add form; on submit the credentials are verified at BioTrack, then kept."""
    _step_open()
    form = CredentialForm()
    if form.validate_on_submit():
        try:
            row = credentials.add_credential(
                current_user.organization, current_user, description=form.description.data,
                username=form.username.data, password=form.password.data,
                license=form.sign_in_license.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            _list_licenses()
            return steps(notice=f"Credentials “{row.description}” verified with BioTrack and "
                                f"saved (signed in as {row.username} for {row.license}).")
    return steps(credential_form=form)


@bp.route("/integrations/biotrack/credentials/<credential_id>", methods=["GET", "POST"])
@permission_required(PERMISSION)
def edit_credential(credential_id):
    """Update: change and verify again (the password may stay as it is)."""
    row = scoped_get(CompanyCredential, credential_id, current_user.organization_id)
    form = CredentialUpdateForm(obj=row)
    if not form.is_submitted():
        form.password.data, form.sign_in_license.data = None, row.license
    if form.validate_on_submit():
        try:
            credentials.update_credential(
                row, current_user.organization, current_user,
                description=form.description.data, username=form.username.data,
                password=form.password.data or None, license=form.sign_in_license.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            _list_licenses()
            return steps(notice=f"Credentials “{row.description}” verified with BioTrack and "
                                "updated.")
    return steps(credential_form=form, editing=row)


@bp.route("/integrations/biotrack/credentials/<credential_id>/remove", methods=["POST"])
@permission_required(PERMISSION)
def remove_credential(credential_id):
    """Remove (after the confirmation dialog)."""
    row = scoped_get(CompanyCredential, credential_id, current_user.organization_id)
    description = row.description
    credentials.remove_credential(row, current_user)
    return steps(notice=f"Credentials “{description}” removed.")
