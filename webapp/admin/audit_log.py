"""The organization's audit log."""
from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import bp
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.security import permission_required
from webapp.validation import positive_int

PAGE_SIZE = 50


@bp.route("/audit")
@permission_required("manage_organization")
def audit_log():
    """Newest audit events first, paginated."""
    page = max(request.args.get("page", 1, type=positive_int), 1)
    query = select(AuditEvent).where(
        AuditEvent.organization_id == current_user.organization_id)
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    events = db.paginate(query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()),
                         page=page, per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/audit_log.html", events=events, action=action)
