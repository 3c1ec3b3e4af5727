"""Recording audit events within the caller's transaction."""
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from webapp.extensions import db
from webapp.models import AuditEvent, utcnow


def _values(action: str, *, organization_id=None, location_id=None, actor=None, target=None,
            summary: str = "", details: dict | None = None,
            biotrack_username: str | None = None, target_type: str | None = None,
            target_id=None) -> dict:
    """An audit event's columns: the actor is the signed-in user unless given; the target is
    an object, or named by its type and id."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    return dict(
        organization_id=organization_id,
        location_id=location_id,
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=type(target).__name__ if target is not None else target_type,
        target_id=str(target.id) if target is not None and getattr(target, "id", None)
        else (str(target_id) if target_id is not None else None),
        summary=summary[:300],
        details=details or {},
        biotrack_username=biotrack_username,
        ip_address=request.remote_addr if has_request_context() else None,
    )


def record(action: str, **fields) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it durable.

    Fields: organization_id, location_id, actor, target, summary, details, biotrack_username.
    """
    event = AuditEvent(**_values(action, **fields))
    db.session.add(event)
    return event


def write(action: str, *, connection=None, **fields) -> None:
    """The same event written at once in the caller's transaction (one INSERT, no ORM object,
    on `connection` or the session's): for paths that run on every point-of-sale call."""
    (connection or db.session.connection()).execute(_insert, dict(_values(action, **fields),
                                                                  created_at=utcnow()))


_insert = insert(AuditEvent.__table__)


def record_system_changes(changes: list[dict]) -> None:
    """Audit many changes the system made itself (no person, no request) in one executemany.

    Each dict names `action` and `organization_id`, and may give `location_id`,
    `target_type`, `target_id`, `summary` and `details`. Scheduled jobs use this instead of
    one record() per row, which would cost one INSERT each.
    """
    if not changes:
        return
    now = utcnow()
    db.session.execute(insert(AuditEvent), [
        {"location_id": None, "target_type": None, "target_id": None, "details": {}, **change,
         "summary": change.get("summary", "")[:300], "actor_id": None, "ip_address": None,
         "biotrack_username": None, "created_at": now} for change in changes])
