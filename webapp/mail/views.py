"""The e-mail log: every message of the organization, its delivery, and Retry for failures."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.htmx import wants_fragment
from webapp.mail import services
from webapp.mail.blueprint import bp
from webapp.models import OutboxMessage
from webapp.models.mail import STATUSES
from webapp.paging import keyset
from webapp.security import permission_required
from webapp.validation import positive_int, scoped_get



@bp.route("/")
@permission_required("manage_organization")
def log():
    """Newest messages first, optionally only those with one status."""
    status = request.args.get("status", "")
    query = select(OutboxMessage).where(
        OutboxMessage.organization_id == current_user.organization_id)
    if status in STATUSES:
        query = query.where(OutboxMessage.status == status)
    else:
        status = ""
    messages = keyset(query.options(selectinload(OutboxMessage.location)),
                      (OutboxMessage.created_at, OutboxMessage.id), descending=True,
                      after=request.args.get("after"), before=request.args.get("before"))
    return render_template("mail/log.html", messages=messages, status=status,
                           statuses=STATUSES)


@bp.route("/<message_id>/retry", methods=["POST"])
@permission_required("manage_organization")
def retry(message_id):
    """Send a failed message again."""
    message = scoped_get(OutboxMessage, message_id, current_user.organization_id)
    queued = services.retry(message, current_user)
    text = (f"The e-mail to {message.recipient} is queued again." if queued
            else f"The e-mail to {message.recipient} is not failed; nothing to retry.")
    if wants_fragment():
        db.session.refresh(message)
        return render_template("mail/_retried.html", message=message, announcement=text)
    flash(text, "success" if queued else "info")
    return redirect(url_for("mail.log", status=request.args.get("status", "")))
