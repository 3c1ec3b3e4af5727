"""BioTrack Users pages: the list (search, filter, pages), one user, create and edit."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.biotrack import BioTrackError, BioTrackUser, NotFound
from webapp.biotrack_users import services
from webapp.biotrack_users.blueprint import bp
from webapp.biotrack_users.access import StoreAccess, with_store_access
from webapp.biotrack_users.forms import ActionForm, BioTrackUserForm, NewBioTrackUserForm
from webapp.biotrack_users.linking import linked_by, split_name
from webapp.biotrack_users.messages import failure, show_failure
from webapp.credentials import ownership
from webapp.extensions import db
from webapp.htmx import render
from webapp.models import Location, User
from webapp.security import location_required, permission_required
from webapp.validation import FieldError, positive_int, scoped_get, show_field_error

PERMISSION = "manage_biotrack_users"


def license_choices(access: StoreAccess, extra=()) -> list[tuple[str, str]]:
    """The organization's store licenses, plus any other license the user already has."""
    stores = db.session.scalars(select(Location).where(
        Location.organization_id == access.location.organization_id,
        Location.biotrack_license.is_not(None), Location.active.is_(True)).order_by(Location.name))
    choices = {loc.biotrack_license: f"{loc.biotrack_license} ({loc.name})" for loc in stores}
    choices.update({lic: lic for lic in extra if lic not in choices})
    return list(choices.items())


def load_user(access: StoreAccess, username: str) -> tuple[BioTrackUser | None, str | None]:
    """The BioTrack user, or an explanation of why BioTrack did not say; 404 if none exists."""
    try:
        return services.get_user(access, username), None
    except NotFound:
        abort(404, description=f"BioTrack has no user {username} in UBI {access.ubi}.")
    except BioTrackError as error:
        return None, failure(error, access)


@bp.route("/users")
@permission_required(PERMISSION)
@location_required
@with_store_access
def index(access):
    """The UBI's BioTrack users with who linked them; HTMX swaps the list on search and paging."""
    search = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "active")
    status = status if status in services.STATUS_FILTERS else "active"
    users, error = None, None
    try:
        users = services.list_users(access, search=search, status=status,
                                    page=request.args.get("page", 1, type=positive_int))
    except BioTrackError as exc:
        error = failure(exc, access)
    links = linked_by(access.location, [u.username for u in users.items]) if users else {}
    return render("biotrack_users/index.html", "biotrack_users/_list.html", access=access,
                  users=users, links=links, search=search, status=status, error=error)


@bp.route("/users/<username>")
@permission_required(PERMISSION)
@location_required
@with_store_access
def view_user(access, username):
    """One BioTrack user, who linked it, and what can be done with it."""
    from webapp.biotrack_users.owners.views import owner_form  # owners builds on this module
    user, error = load_user(access, username)
    link = linked_by(access.location, [user.username]).get(user.username.lower()) if user else None
    owner, how = ownership.belongs_to(current_user.organization_id, username)
    form = owner_form()
    form.user_id.data = owner.id if owner is not None else 0
    return render_template("biotrack_users/view.html", access=access, user=user, link=link,
                           username=username, error=error, action_form=ActionForm(),
                           owner=owner, owned_how=how, owner_form=form)


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def new_user(access):
    """Create a BioTrack user; a taken username is caught first and offers a password reset."""
    form = NewBioTrackUserForm()
    form.licenses.choices = license_choices(access)
    taken = None
    if not form.is_submitted():
        form.licenses.data = [access.license]
        if request.args.get("user"):  # from Onboarding: prefill from the TraceBridge user
            person = scoped_get(User, request.args["user"], current_user.organization_id)
            form.first_name.data, form.last_name.data = split_name(person.name)
            form.username.data = person.email
    if form.validate_on_submit():
        try:
            user = services.create_user(
                access, current_user, first_name=form.first_name.data,
                last_name=form.last_name.data, username=form.username.data,
                is_admin=form.is_admin.data, licenses=form.licenses.data,
                password=form.chosen_password(),
                send_password_email=form.onboarding.data == "email")
        except services.UsernameTaken as exc:
            taken = exc.user
            form.username.errors = [f"A BioTrack user {taken.username} already exists"
                                    f"{'' if taken.active else ' (deactivated)'}."]
        except BioTrackError as exc:
            show_failure(form, exc, access)
        else:
            how = ("BioTrack e-mailed them a link to choose a password."
                   if form.onboarding.data == "email" else "Give them the initial password.")
            flash(f"BioTrack user {user.username} created. {how}", "success")
            return redirect(url_for("biotrack_users.view_user", username=user.username))
    return render_template("biotrack_users/form.html", form=form, user=None, taken=taken,
                           access=access, action_form=ActionForm())


@bp.route("/users/<username>/edit", methods=["GET", "POST"])
@permission_required(PERMISSION)
@location_required
@with_store_access
def edit_user(access, username):
    """Change names, the admin flag and licenses, within the guards."""
    user, error = load_user(access, username)
    if user is None:
        return render_template("biotrack_users/view.html", access=access, user=None,
                               username=username, error=error, link=None)
    form = BioTrackUserForm() if request.method == "POST" else BioTrackUserForm(data={
        "first_name": user.first_name, "last_name": user.last_name, "is_admin": user.is_admin,
        "licenses": list(user.licenses)})
    form.licenses.choices = license_choices(access, extra=user.licenses)
    if form.validate_on_submit():
        try:
            updated = services.update_user(
                access, current_user, user, first_name=form.first_name.data,
                last_name=form.last_name.data, is_admin=form.is_admin.data,
                licenses=form.licenses.data)
        except FieldError as exc:
            show_field_error(form, exc)
        except BioTrackError as exc:
            show_failure(form, exc, access)
        else:
            flash(f"BioTrack user {user.username} saved." if updated else "Nothing changed.",
                  "success" if updated else "info")
            return redirect(url_for("biotrack_users.view_user", username=user.username))
    return render_template("biotrack_users/form.html", form=form, user=user, taken=None,
                           access=access)
