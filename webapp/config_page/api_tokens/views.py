"""Config Page > API tokens: the store's point-of-sale tokens."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.extensions import db
from webapp.forms import AppForm
from webapp.models import ApiToken
from webapp.config_page.api_tokens import tokens
from webapp.config_page.api_tokens.blueprint import bp
from webapp.security import location_required, permission_required


class TokenForm(AppForm):
    """What the new token is for."""

    name = StringField("Token name", validators=[
        DataRequired(message="Say what the token is for, e.g. Register 1."), Length(max=80)],
        description="For example the point of sale or register that will use it.")


@bp.route("/config/api-tokens", methods=["GET", "POST"])
@permission_required("config_page")
@location_required
def index():
    """List the store's tokens; create one (shown once)."""
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        _, created = tokens.create(g.location, form.name.data, current_user)
        form = TokenForm(formdata=None)
    return render_template("config/api_tokens.html", form=form, created=created,
                           rows=tokens.of_location(g.location))


@bp.route("/config/api-tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required("config_page")
@location_required
def revoke(token_id):
    """Revoke one of the store's tokens."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.location_id != g.location.id:
        abort(404)
    tokens.revoke(row, current_user)
    flash(f"API token “{row.name}” revoked. Point-of-sale calls with it now get 401.", "success")
    return redirect(url_for("api_tokens.index"))
