"""The notifications page, and the Config Page's Notifications tab for the selected store."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.config import EXPIRY_WARNING_DAYS
from webapp.extensions import db
from webapp.htmx import render, wants_fragment
from webapp.models import NotificationRecipient
from webapp.config_page.notifications import services
from webapp.config_page.notifications.blueprint import bp
from webapp.config_page.notifications.forms import RecipientForm
from webapp.config_page.notifications.recipients import config_page_users
from webapp.security import location_required, permission_required
from webapp.validation import FieldError, positive_int, show_field_error

PAGE_SIZE = 50


@bp.route("/notifications/")
@permission_required("config_page")
def index():
    """What was sent about the stores this user works in: when, to whom, about which."""
    stores = [loc.id for loc in current_user.locations
              if loc.organization_id == current_user.organization_id]
    warnings = services.warnings_for(stores, max(request.args.get("page", 1, type=positive_int), 1),
                                     PAGE_SIZE)
    return render_template("config/notifications/index.html", warnings=warnings,
                           delivery=services.delivery_of(warnings.items))


@bp.route("/config/notifications/")
@permission_required("config_page")
@location_required
def settings():
    """Who gets the selected store's warnings, and its extra addresses."""
    return _settings(RecipientForm())


@bp.route("/config/notifications/recipients", methods=["POST"])
@permission_required("config_page")
@location_required
def add_recipient():
    """Add an extra address to the selected store."""
    form = RecipientForm()
    if form.validate_on_submit():
        try:
            recipient = services.add_recipient(g.location, current_user, form.email.data)
        except FieldError as error:
            show_field_error(form, error)
        else:
            return _changed(f"{recipient.email} will get the notifications of "
                            f"{g.location.name}.")
    return _settings(form)


@bp.route("/config/notifications/recipients/<int:recipient_id>/remove", methods=["POST"])
@permission_required("config_page")
@location_required
def remove_recipient(recipient_id):
    """Remove an extra address of the selected store."""
    recipient = _recipient_of_store(recipient_id)
    email = recipient.email
    services.remove_recipient(recipient, current_user)
    return _changed(f"{email} no longer gets the notifications of {g.location.name}.")


def _recipient_of_store(recipient_id) -> NotificationRecipient:
    """An extra address of the selected store, or 404 (never another store's)."""
    recipient = db.session.scalar(select(NotificationRecipient).where(
        NotificationRecipient.id == recipient_id,
        NotificationRecipient.location_id == g.location.id))
    if recipient is None:
        abort(404)
    return recipient


def _changed(message: str):
    """After a change: the fresh fragment for HTMX, a redirect for a plain form post."""
    if wants_fragment():
        return _settings(RecipientForm(formdata=None), announcement=message)
    flash(message, "success")
    return redirect(url_for("notifications.settings"))


def _settings(form, announcement=None):
    """The tab, or its fragment when HTMX asks (errors too: HTMX swaps only 2xx answers)."""
    users = config_page_users([g.location.id])[g.location.id]
    return render("config/notifications/settings.html", "config/notifications/_recipients.html",
                  form=form, users=users, extras=services.extra_recipients(g.location),
                  thresholds=sorted(EXPIRY_WARNING_DAYS, reverse=True), announcement=announcement)
