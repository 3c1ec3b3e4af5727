"""How actions and their deliveries are shown to API clients."""
from webapp.action_kinds import as_json
from webapp.models import Action


def _time(value):
    """RFC 3339 in UTC, or None."""
    return value.isoformat().replace("+00:00", "Z") if value else None


def action_json(action: Action, performed_by: str | None = None) -> dict:
    """The API's view of an action (the performer's e-mail may be given when known)."""
    delivery = action.delivery
    return {
        "id": action.id, "kind": action.kind, "external_id": action.external_id,
        "status": delivery.status, "performed_by": performed_by or action.performed_by.email,
        "performed_at": _time(action.performed_at), "reported_as": delivery.reported_as,
        "credential_source": delivery.credential_source,
        "last_attempt_as": delivery.attempted_as,
        "last_attempt_source": delivery.attempted_source, "attempts": delivery.attempts,
        "last_error": delivery.last_error, "biotrack_id": delivery.biotrack_id,
        "delivered_at": _time(delivery.delivered_at), "updated_at": _time(delivery.updated_at),
        "data": as_json(action.kind, action.data),
    }
