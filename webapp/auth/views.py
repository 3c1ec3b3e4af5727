"""Sign-in, sign-out and invitation pages."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.auth import services
from webapp.auth.blueprint import bp
from webapp.auth.forms import LoginForm, NewPasswordForm
from webapp.config import LOGIN_ADDRESS_RATE_LIMIT, LOGIN_RATE_LIMIT
from webapp.extensions import limiter
from webapp.sessions import end_session, start_session
from webapp.validation import safe_next


def _login_key() -> str:
    """Throttle per address and account, so one attacker cannot lock out everyone."""
    return f"{request.remote_addr}|{(request.form.get('email') or '').strip().lower()}"


def _failed(response) -> bool:
    """Only failed sign-ins count towards the limits."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE_LIMIT, key_func=_login_key, methods=["POST"], deduct_when=_failed)
# Spraying one password over many e-mails meets this cap on the address alone.
@limiter.limit(LOGIN_ADDRESS_RATE_LIMIT, key_func=lambda: request.remote_addr or "",
               scope="login-address", methods=["POST"], deduct_when=_failed)
def login():
    """Show the sign-in form; sign in on a correct e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("Wrong e-mail or password, or the account is deactivated.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out and forget the session (every copy of its cookie)."""
    end_session()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Let an invited user choose their first password."""
    invitation = services.find_invitation(token)
    if invitation is None:
        abort(404, description="This invitation link is unknown, used or expired. "
                               "Ask your administrator for a new one.")
    form = NewPasswordForm()
    if form.validate_on_submit():
        end_session()
        user = services.accept_invitation(invitation, form.password.data)
        start_session(user)
        flash("Welcome to TraceBridge. Your password is set.", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/invitation.html", form=form, user=invitation.user)
