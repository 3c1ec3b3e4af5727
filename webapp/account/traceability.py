"""Manage Account > My BioTrack credentials: the page, and adding one."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import credentials
from webapp.account.blueprint import bp
from webapp.account.forms import ActionForm, AddCredentialForm
from webapp.biotrack import BioTrackError
from webapp.biotrack_messages import show_on_form
from webapp.config import CREDENTIAL_ATTEMPT_LIMIT
from webapp.extensions import limiter
from webapp.validation import FieldError, positive_int, show_field_error


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


def store_choices(form, stores) -> None:
    """Offer the licenses of the user's own stores."""
    form.location.choices = [(loc.id, f"{loc.biotrack_license} ({loc.name})") for loc in stores]


def preselected(stores, args):
    """The store named by ?license= or ?location= (an invitation's link) if it is the user's,
    else the user's only store; None when there is a choice to make."""
    license_ = (args.get("license") or "").strip().upper()
    location_id = args.get("location", type=positive_int)
    named = next((loc for loc in stores if loc.biotrack_license == license_ or loc.id == location_id), None)
    return named or (stores[0] if len(stores) == 1 else None)


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
