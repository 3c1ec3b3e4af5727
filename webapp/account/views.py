"""Manage Account pages."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from webapp.account import bp
from webapp.auth import services as auth_services
from webapp.auth.forms import ChangePasswordForm


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Profile and password change."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            auth_services.change_password(current_user, form.password.data)
            # Other sessions end with the version bump; keep this one signed in.
            login_user(current_user._get_current_object())
            flash("Your password has been changed. Other sessions were signed out.", "success")
            return redirect(url_for("account.index"))
    return render_template("account/index.html", form=form)
