"""Role Management pages."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import services
from webapp.admin.blueprint import bp
from webapp.admin.forms import RoleForm
from webapp.extensions import db
from webapp.models import Role
from webapp.security import permission_required
from webapp.validation import FieldError, scoped_get, show_field_error


@bp.route("/roles")
@permission_required("manage_roles")
def roles():
    """List the organization's roles."""
    rows = db.session.scalars(select(Role).where(
        Role.organization_id == current_user.organization_id).order_by(Role.name)).all()
    return render_template("admin/roles.html", roles=rows)


@bp.route("/roles/new", methods=["GET", "POST"])
@permission_required("manage_roles")
def new_role():
    """Create a role."""
    return _edit_role(None)


@bp.route("/roles/<role_id>", methods=["GET", "POST"])
@permission_required("manage_roles")
def edit_role(role_id):
    """Edit a role's name and permissions."""
    return _edit_role(scoped_get(Role, role_id, current_user.organization_id))


def _edit_role(role):
    """Shared form handling of new and existing roles."""
    form = RoleForm(obj=role)
    if role is not None and not form.is_submitted():
        form.permissions.data = sorted(role.permissions)
    if form.validate_on_submit():
        try:
            saved = services.save_role(current_user.organization, current_user, role=role,
                                       name=form.name.data, permissions=form.permissions.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            flash(f"Role “{saved.name}” saved.", "success")
            return redirect(url_for("admin.roles"))
    return render_template("admin/role_form.html", form=form, role=role)
