"""How actions and their deliveries are shown to API clients.

One shape, read two ways: `COLUMNS` as a row straight from the database (the listing and
lookups, no ORM objects on those hot paths), or from an action just recorded.
"""
from collections.abc import Mapping

from sqlalchemy import select

from webapp.action_kinds import as_json
from webapp.models import Action, Delivery, User

_OF_ACTION = ("id", "kind", "external_id", "performed_at", "data")
_OF_DELIVERY = ("status", "reported_as", "credential_source", "attempted_as",
                "attempted_source", "attempts", "last_error", "biotrack_id", "delivered_at",
                "updated_at")
COLUMNS = ([getattr(Action, name) for name in _OF_ACTION]
           + [getattr(Delivery, name) for name in _OF_DELIVERY]
           + [User.email.label("performed_by")])


def actions_query():
    """SELECT COLUMNS of actions with their delivery and performer (filters are the caller's)."""
    return select(*COLUMNS).select_from(Action).join(
        Delivery, Delivery.action_id == Action.id).join(User, User.id == Action.performed_by_id)


def _time(value):
    """RFC 3339 in UTC, or None."""
    return value.isoformat().replace("+00:00", "Z") if value else None


def shown(row: Mapping) -> dict:
    """The API's view of an action, from a mapping of COLUMNS' names."""
    return {
        "id": row["id"], "kind": row["kind"], "external_id": row["external_id"],
        "status": row["status"], "performed_by": row["performed_by"],
        "performed_at": _time(row["performed_at"]), "reported_as": row["reported_as"],
        "credential_source": row["credential_source"],
        "last_attempt_as": row["attempted_as"],
        "last_attempt_source": row["attempted_source"], "attempts": row["attempts"],
        "last_error": row["last_error"], "biotrack_id": row["biotrack_id"],
        "delivered_at": _time(row["delivered_at"]), "updated_at": _time(row["updated_at"]),
        "data": as_json(row["kind"], row["data"]),
    }


def written_json(written, performed_by: str) -> dict:
    """The API's view of an action just written (intake.Written), as the columns written."""
    return shown(written.action | {name: written.delivery[name] for name in _OF_DELIVERY}
                 | {"performed_by": performed_by})


def action_json(action: Action, performed_by: str | None = None) -> dict:
    """The API's view of an action object (the performer's e-mail may be given when known)."""
    delivery = action.delivery
    return shown({**{name: getattr(action, name) for name in _OF_ACTION},
                  **{name: getattr(delivery, name) for name in _OF_DELIVERY},
                  "performed_by": performed_by or action.performed_by.email})
