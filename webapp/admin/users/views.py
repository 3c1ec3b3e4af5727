"""Organization Management: the organization's app users."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import services
from webapp.admin.blueprint import bp
from webapp.admin.forms import ConfirmForm, NewUserForm, UserForm
from webapp.extensions import db
from webapp.models import Location, Role, User
from webapp.paging import keyset
from webapp.security import permission_required
from webapp.validation import FieldError, scoped_get, show_field_error


def _choices(form):
    """Offer only this organization's roles and stores."""
    org_id = current_user.organization_id
    form.roles.choices = [(r.id, r.name) for r in db.session.scalars(
        select(Role).where(Role.organization_id == org_id).order_by(Role.name))]
    form.locations.choices = [(loc.id, loc.name) for loc in db.session.scalars(
        select(Location).where(Location.organization_id == org_id).order_by(Location.name))]


@bp.route("/users")
@permission_required("manage_organization")
def users():
    """The organization's users by name, a page at a time."""
    page = keyset(select(User).where(User.organization_id == current_user.organization_id),
                  (User.name, User.id), after=request.args.get("after"),
                  before=request.args.get("before"))
    return render_template("admin/users.html", users=page.items, page=page,
                           confirm=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("manage_organization")
def new_user():
    """Create a user with an initial password or an invitation link."""
    form = NewUserForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            user, token = services.create_user(
                current_user.organization, current_user, name=form.name.data,
                email=form.email.data, role_ids=form.roles.data,
                location_ids=form.locations.data,
                password=form.password.data if form.onboarding.data == "password" else None)
        except FieldError as error:
            show_field_error(form, error)
        else:
            if token:
                return render_template("admin/invitation_link.html", user=user,
                                       link=url_for("auth.accept_invitation", token=token,
                                                    _external=True))
            flash(f"User {user.email} created.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<user_id>", methods=["GET", "POST"])
@permission_required("manage_organization")
def edit_user(user_id):
    """Edit a user's details, roles and stores."""
    user = scoped_get(User, user_id, current_user.organization_id)
    form = UserForm(obj=user)
    _choices(form)
    if not form.is_submitted():
        form.roles.data = [r.id for r in user.roles]
        form.locations.data = [loc.id for loc in user.locations]
    if form.validate_on_submit():
        try:
            services.update_user(user, current_user, name=form.name.data, email=form.email.data,
                                 role_ids=form.roles.data, location_ids=form.locations.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            flash(f"User {user.email} saved.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           confirm=ConfirmForm())


@bp.route("/users/<user_id>/deactivate", methods=["POST"])
@permission_required("manage_organization")
def deactivate_user(user_id):
    """Deactivate a user; their sessions end at once."""
    return _set_active(user_id, False)


@bp.route("/users/<user_id>/reactivate", methods=["POST"])
@permission_required("manage_organization")
def reactivate_user(user_id):
    """Let a deactivated user sign in again."""
    return _set_active(user_id, True)


def _set_active(user_id, active):
    """Shared handling of deactivation and reactivation."""
    user = scoped_get(User, user_id, current_user.organization_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.set_user_active(user, current_user, active)
        except FieldError as error:
            flash(error.message, "error")
        else:
            flash(f"User {user.email} {'reactivated' if active else 'deactivated'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<user_id>/invitation", methods=["POST"])
@permission_required("manage_organization")
def invite_user(user_id):
    """Issue a new invitation link for a user."""
    user = scoped_get(User, user_id, current_user.organization_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("admin.users"))
    token = services.new_invitation(user, current_user)
    return render_template("admin/invitation_link.html", user=user,
                           link=url_for("auth.accept_invitation", token=token, _external=True))
