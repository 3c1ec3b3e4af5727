"""Manage Account > My BioTrack credentials: the page, adding one, and what is done to one
(update its password, check it, remove it, reset the password at BioTrack)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import credentials
from webapp.account.blueprint import bp
from webapp.account.credentials.forms import (ActionForm, AddCredentialForm, ForgotPasswordForm,
                                              UpdatePasswordForm, preselected, store_choices)
from webapp.biotrack import BioTrackError
from webapp.biotrack_messages import plain, show_on_form
from webapp.config import CREDENTIAL_ATTEMPT_LIMIT
from webapp.credentials import alerts
from webapp.extensions import db, limiter
from webapp.validation import FieldError, show_field_error



def _me():
    """The signed-in user itself (services keep it beyond the request proxy)."""
    return current_user._get_current_object()


def attempt_key() -> str:
    """Throttle BioTrack sign-in attempts per TraceBridge user."""
    return f"credential-attempt|{current_user.get_id()}"


# Only failed attempts count (a success redirects): guessing a BioTrack password through
# TraceBridge is slow, and BioTrack's own lockout is not provoked by us.
limit_attempts = limiter.limit(CREDENTIAL_ATTEMPT_LIMIT, key_func=attempt_key, methods=["POST"],
                               deduct_when=lambda response: response.status_code != 302)


@bp.route("/traceability")
@login_required
def traceability():
    """The old address of the section: the one page for one's own credentials now."""
    return redirect(url_for("account.credentials_list"))


@bp.route("/credentials")
@login_required
def credentials_list():
    """My BioTrack credentials: what linking does, and my credentials (never a password)."""
    rows = [(c, credentials.location_of(c)) for c in credentials.live_credentials(current_user)]
    return render_template("account/credentials.html", rows=rows, action_form=ActionForm())


@bp.route("/credentials/new", methods=["GET", "POST"])
@login_required
@limit_attempts
def new_credential():
    """Link the user's own BioTrack account for one of their stores, verified by BioTrack."""
    stores = credentials.user_stores(current_user)
    form = AddCredentialForm()
    store_choices(form, stores)
    if not form.is_submitted():
        chosen = preselected(stores, request.args)
        if chosen is not None:
            form.location.data = chosen.id
            form.ubi.data = credentials.store_ubi(chosen) or ""
        form.username.data = current_user.email
    if form.validate_on_submit():
        location = next((loc for loc in stores if loc.id == form.location.data), None)
        try:
            credential = credentials.add_credential(
                _me(), location=location, username=form.username.data,
                password=form.password.data, ubi=form.ubi.data)
        except FieldError as error:
            show_field_error(form, error)
        except BioTrackError as error:
            show_on_form(form, error)
        else:
            flash(f"BioTrack accepted your credentials: your actions for {credential.license} "
                  f"are now reported as {credential.username}.", "success")
            return redirect(url_for("account.credentials_list"))
    return render_template("account/credential_form.html", form=form, stores=stores,
                           company_ubi=current_user.organization.biotrack_ubi)

RESET_SENT = ("If {username} is a BioTrack user of UBI {ubi}, BioTrack has e-mailed a link to "
              "choose a new password. Then update the password here.")


def _mine(credential_id):
    """The signed-in user's own credential, or 404 (admins included)."""
    return credentials.owned_credential(current_user, credential_id)


@bp.route("/credentials/<int:credential_id>", methods=["GET", "POST"])
@login_required
@limit_attempts
def edit_credential(credential_id):
    """Update Password: BioTrack must accept the new one."""
    credential = _mine(credential_id)
    form = UpdatePasswordForm()
    if form.validate_on_submit():
        try:
            credentials.update_password(credential, form.password.data)
        except FieldError as error:
            show_field_error(form, error)
        except BioTrackError as error:
            show_on_form(form, error)
        else:
            flash(f"Password updated: BioTrack accepted it for {credential.username}."
                  + _waiting_note(credential), "success")
            return redirect(url_for("account.credentials_list"))
    return render_template("account/credential_password.html", form=form, credential=credential,
                           location=credentials.location_of(credential),
                           action_form=ActionForm())


def _waiting_note(credential) -> str:
    """What happens to the actions that waited for this credential (they go out now)."""
    location = credentials.location_of(credential)
    waiting = alerts.waiting_actions(credential.user_id, location.id) if location else 0
    if not waiting:
        return ""
    return (f" Your {waiting} waiting action{'s are' if waiting != 1 else ' is'} being sent to "
            f"BioTrack as you now.")


@bp.route("/credentials/<int:credential_id>/verify", methods=["POST"])
@login_required
def verify_credential(credential_id):
    """Check now whether BioTrack still accepts the credential."""
    credential = _mine(credential_id)
    result = credentials.verify(credential)
    db.session.commit()
    category = {"valid": "success", "invalid": "error"}.get(result.outcome, "warning")
    note = _waiting_note(credential) if result.outcome == "valid" else ""
    flash(f"{credential.license} ({credential.username}): {result.message}{note}", category)
    return redirect(url_for("account.credentials_list"))


@bp.route("/credentials/<int:credential_id>/remove", methods=["POST"])
@login_required
def remove_credential(credential_id):
    """Unlink the credential (its password is deleted)."""
    credential = _mine(credential_id)
    credentials.remove(credential)
    flash(f"Credential for {credential.license} removed: your actions there are reported as the "
          "store's default BioTrack user.", "success")
    return redirect(url_for("account.credentials_list"))


@bp.route("/credentials/<int:credential_id>/password-reset", methods=["POST"])
@login_required
def credential_password_reset(credential_id):
    """Request a Password Reset Email for the credential's BioTrack user."""
    credential = _mine(credential_id)
    try:
        credentials.request_password_reset(current_user, ubi=credential.ubi,
                                           username=credential.username)
    except BioTrackError as error:
        flash(plain(error), "error")
    else:
        flash(RESET_SENT.format(username=credential.username, ubi=credential.ubi), "success")
    return redirect(url_for("account.edit_credential", credential_id=credential.id))


@bp.route("/credentials/password-reset", methods=["GET", "POST"])
@login_required
@limit_attempts
def forgot_password():
    """Request a Password Reset Email before linking (a forgotten BioTrack password)."""
    stores = credentials.user_stores(current_user)
    form = ForgotPasswordForm()
    store_choices(form, stores)
    if not form.is_submitted():
        chosen = preselected(stores, request.args)
        form.location.data = chosen.id if chosen is not None else None
        form.username.data = request.args.get("username") or current_user.email
    if form.validate_on_submit():
        location = next((loc for loc in stores if loc.id == form.location.data), None)
        try:
            if location is None:
                raise FieldError("location", "Choose the license of one of your stores.")
            ubi = credentials.resolve_ubi(location, form.ubi.data)
            credentials.request_password_reset(current_user, ubi=ubi, username=form.username.data)
        except FieldError as error:
            show_field_error(form, error)
        except BioTrackError as error:
            show_on_form(form, error)
        else:
            flash(RESET_SENT.format(username=form.username.data, ubi=ubi), "success")
            return redirect(url_for("account.new_credential", license=location.biotrack_license))
    return render_template("account/forgot_password.html", form=form, stores=stores)
