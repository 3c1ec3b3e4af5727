"""Manage Account pages."""
from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from webapp.account.blueprint import bp
from webapp.auth import services as auth_services
from webapp.auth.forms import ChangePasswordForm
from webapp.config import CURRENT_PASSWORD_RATE_LIMIT
from webapp.extensions import limiter


@bp.route("/", methods=["GET", "POST"])
@login_required
# Per user, and only wrong current passwords count: an open session is no guessing oracle.
@limiter.limit(CURRENT_PASSWORD_RATE_LIMIT,
               key_func=lambda: f"current-password|{getattr(current_user, 'id', None)}",
               scope="current-password", methods=["POST"],
               deduct_when=lambda response: g.get("wrong_current_password", False))
def index():
    """Profile and password change."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            g.wrong_current_password = True
            form.current.errors.append("That is not your current password.")
        else:
            auth_services.change_password(current_user, form.password.data)
            # Other sessions end with the version bump; keep this one signed in.
            login_user(current_user._get_current_object())
            flash("Your password has been changed. Other sessions were signed out.", "success")
            return redirect(url_for("account.index"))
    return render_template("account/index.html", form=form)
