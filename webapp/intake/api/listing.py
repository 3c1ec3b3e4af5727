"""GET /api/v1/actions: a store's actions for reconciliation, filtered, in pages.

Pages follow the action id (keyset), so actions recorded while a client pages through are
never shown twice and never shift the pages already given; the cursor is the last id, opaque.
"""
import base64
import binascii
import functools

from sqlalchemy import Integer, bindparam, func

from webapp.models import Action, Delivery, User
from webapp.intake.api.presenters import actions_query
from webapp.intake.schemas import Invalid, ListQuery

CURSOR_PREFIX = "a1:"
MAX_ID = 2 ** 31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one names nothing


def encode_cursor(last_id: int) -> str:
    """An opaque token for 'after this action'."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The action id a cursor stands for; Invalid if we did not make it."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not number.isdigit() or len(number) > 10 \
            or int(number) > MAX_ID:
        raise Invalid({"cursor": "This cursor is not one we gave: start again without it."})
    return int(number)


# The filters a query may give, in the order they apply; each shape of query is built once.
_FILTERS = ("external_id", "kind", "status", "performed_by", "since", "until", "cursor")


@functools.cache
def _statement(given: tuple[str, ...], time: str, ordered: bool):
    """The page's statement for a set of given filters, their values left as parameters."""
    stmt = actions_query().where(Action.location_id == bindparam("location_id"))
    column = Action.performed_at if time == "performed" else Delivery.updated_at
    conditions = {
        "external_id": Action.external_id == bindparam("external_id"),
        "kind": Action.kind == bindparam("kind"),
        "status": Delivery.status == bindparam("status"),
        "performed_by": func.lower(User.email) == bindparam("performed_by"),
        "since": column >= bindparam("since"), "until": column < bindparam("until"),
        "cursor": Action.id > bindparam("cursor"),
    }
    for name in given:
        stmt = stmt.where(conditions[name])
    if ordered:
        stmt = stmt.order_by(Action.id)
    return stmt.limit(bindparam("limit", type_=Integer))


def statement(location, query: ListQuery):
    """The page's query and its parameters: after the cursor, in id order, one row more than
    the page holds."""
    values = {name: getattr(query, name) for name in _FILTERS if getattr(query, name) is not None}
    if "cursor" in values:
        values["cursor"] = decode_cursor(query.cursor)
    if "performed_by" in values:
        values["performed_by"] = values["performed_by"].strip().lower()
    # With an external_id there is one row at most: ordering would tempt the planner to walk
    # the store's actions in id order instead of using the (store, external_id) index.
    stmt = _statement(tuple(values), query.time, query.external_id is None)
    return stmt, values | {"location_id": location.id, "limit": query.limit + 1}


def page(location, query: ListQuery, connection) -> tuple[list, str | None]:
    """One page of actions (rows of presenters.COLUMNS) in id order, and the cursor of the next
    page (None at the end)."""
    stmt, values = statement(location, query)
    rows = connection.execute(stmt, values).all()
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[:query.limit]
    return rows, encode_cursor(rows[-1].id)
