"""Recording audit events within the caller's transaction."""
from flask import has_request_context, request
from flask_login import current_user

from webapp.extensions import db
from webapp.models import AuditEvent


def record(action: str, *, organization_id=None, location_id=None, actor=None,
           target=None, summary: str = "", details: dict | None = None,
           biotrack_username: str | None = None) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it durable."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    event = AuditEvent(
        organization_id=organization_id,
        location_id=location_id,
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=str(target.id) if target is not None and getattr(target, "id", None) else None,
        summary=summary[:300],
        details=details or {},
        biotrack_username=biotrack_username,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event
