"""The organization's audit log."""
from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from webapp.admin.blueprint import bp
from webapp.models import AuditEvent
from webapp.paging import keyset
from webapp.security import permission_required

KEY = (AuditEvent.created_at, AuditEvent.id)


def _events(action: str):
    """The organization's events, those whose action starts with `action` if given."""
    query = select(AuditEvent).where(
        AuditEvent.organization_id == current_user.organization_id)
    return query.where(AuditEvent.action.startswith(action)) if action else query


@bp.route("/audit")
@permission_required("manage_organization")
def audit_log():
    """Newest audit events first, a page at a time."""
    action = request.args.get("action", "").strip()
    events = keyset(_events(action), KEY, descending=True, after=request.args.get("after"),
                    before=request.args.get("before"))
    return render_template("admin/audit_log.html", events=events, action=action)
