"""Config Page > Integration: the BioTrack Access section, its fragments and the callback."""
from flask import abort, g, make_response, render_template, request
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.htmx import render
from webapp.config_page.integration import consent, services
from webapp.config_page.integration.blueprint import bp
from webapp.config_page.integration.forms import RegisterCredentialsForm
from webapp.config_page.integration.panel import panel_context
from webapp.config_page.integration.authorizations import current_authorization, status_version
from webapp.models import Location, utcnow
from webapp.security import location_required, permission_required
from webapp.validation import FieldError, positive_int, show_field_error

PAGE, SECTION = "config/integration/page.html", "config/integration/_section.html"


def _section(location, **extra):
    """Render the section (the whole page for non-HTMX requests)."""
    return render(PAGE, SECTION, **panel_context(location, **extra))


def _location(location_id) -> Location:
    """A store of the user's organization they may configure, or 404/403."""
    location = db.session.get(Location, location_id)
    if location is None or location.organization_id != current_user.organization_id:
        abort(404)
    if not current_user.can_access(location):
        abort(403, description="You do not have access to that store.")
    return location


def _current_or_404(location):
    """The store's current authorization, or a 404 page that says there is none."""
    auth = current_authorization(location)
    if auth is None:
        abort(404, description="This store has no BioTrack credentials registered.")
    return auth


@bp.route("/")
@permission_required("config_page")
@location_required
def index():
    """The Integration page of the selected store, or of the store ?location= names.

    E-mail links name their store: it is shown without switching the saved choice (a GET
    never changes state); the page offers to switch.
    """
    wanted = request.args.get("location", type=positive_int)
    location = _location(wanted) if wanted and wanted != g.location.id else g.location
    return render_template(PAGE, **panel_context(location, open=request.args.get("open")))


@bp.route("/<int:location_id>/status")
@permission_required("config_page")
def status(location_id):
    """The section as it is now: what a pending tab polls (204 while nothing changed)."""
    location = _location(location_id)
    seen = request.args.get("v")
    if seen and seen == status_version(location.id, utcnow()):
        return "", 204
    return _section(location, open=True)


@bp.route("/<int:location_id>/register", methods=["GET", "POST"])
@permission_required("config_page")
def register(location_id):
    """Register User Credentials, then Link BioTrack Account (opens the consent screen)."""
    location = _location(location_id)
    form = RegisterCredentialsForm()
    if not form.is_submitted():
        form.license.data = location.biotrack_license
        form.ubi.data = location.organization.biotrack_ubi
    if form.validate_on_submit():
        try:
            services.register(location, current_user, ubi=form.ubi.data,
                              license=form.license.data, username=form.username.data,
                              password=form.password.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            return _section(location, open=True, just_started=True)
    return _section(location, open=True, form=form)


RENEW_STARTED = ("Renewal started: BioTrack's consent screen opened in a new tab. Sign in there "
                 "and press “Grant Access”; this page says when it is done.")


@bp.route("/<int:location_id>/renew", methods=["POST"])
@permission_required("config_page")
def renew(location_id):
    """Renew: a new consent with the stored credentials."""
    location = _location(location_id)
    try:
        services.renew(_current_or_404(location), current_user)
    except FieldError as error:
        return _section(location, open=True, error=error.message)
    return _section(location, open=True, just_started=True, notice=RENEW_STARTED)


@bp.route("/<int:location_id>/cancel", methods=["POST"])
@permission_required("config_page")
def cancel(location_id):
    """Stop waiting for the consent screen."""
    location = _location(location_id)
    services.cancel_pending(_current_or_404(location), current_user)
    return _section(location, open=True)


@bp.route("/<int:location_id>/deactivate", methods=["POST"])
@permission_required("config_page")
def deactivate(location_id):
    """Deactivate the credentials (after the confirmation dialog)."""
    location = _location(location_id)
    note = services.deactivate(_current_or_404(location), current_user)
    message = "The credentials were deactivated. Register new ones to keep reporting."
    return _section(location, open=True, notice=f"{message} {note or ''}".strip())


@bp.route("/<int:location_id>/test", methods=["POST"])
@permission_required("config_page")
def test(location_id):
    """Test connection: sign in with the stored credentials and use the grant."""
    location = _location(location_id)
    services.test_connection(_current_or_404(location), current_user)
    return _section(location, open=True, just_tested=True)


@bp.route("/callback")
@login_required
def callback():
    """Where BioTrack sends the consent tab back: exchange the code, end on a white page."""
    try:
        outcome = consent.finish(request.args.get("state"), code=request.args.get("code"),
                                 error=request.args.get("error"), user=current_user)
    except consent.CallbackRefused as refused:
        return make_response(render_template("config/integration/callback.html", ok=False,
                                             message=refused.message), refused.status)
    ok = outcome.status == "granted"
    message = ("BioTrack access granted. You can close this tab and return to TraceBridge."
               if ok else outcome.message)
    return render_template("config/integration/callback.html", ok=ok, message=message)
