"""GET /api/v1/actions: a store's actions for reconciliation, filtered, in pages.

Pages follow the action id (keyset), so actions recorded while a client pages through are
never shown twice and never shift the pages already given; the cursor is the last id, opaque.
"""
import base64
import binascii

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from webapp.extensions import db
from webapp.models import Action, Delivery, Location, User
from webapp.reporting.schemas import Invalid, ListQuery

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


def _filtered(location: Location, query: ListQuery):
    """The statement of the store's actions matching the filters, with what each shows."""
    stmt = (select(Action).join(Action.delivery).join(Action.performed_by)
            .options(contains_eager(Action.delivery),
                     contains_eager(Action.performed_by).lazyload("*"))
            .where(Action.location_id == location.id))
    if query.external_id is not None:
        stmt = stmt.where(Action.external_id == query.external_id)
    if query.kind is not None:
        stmt = stmt.where(Action.kind == query.kind)
    if query.status is not None:
        stmt = stmt.where(Delivery.status == query.status)
    if query.performed_by is not None:
        stmt = stmt.where(func.lower(User.email) == query.performed_by.strip().lower())
    column = Action.performed_at if query.time == "performed" else Delivery.updated_at
    if query.since is not None:
        stmt = stmt.where(column >= query.since)
    if query.until is not None:
        stmt = stmt.where(column < query.until)
    return stmt


def statement(location: Location, query: ListQuery):
    """The page's query: after the cursor, in id order, one more row than the page holds."""
    stmt = _filtered(location, query)
    if query.cursor is not None:
        stmt = stmt.where(Action.id > decode_cursor(query.cursor))
    if query.external_id is None:
        # With an external_id there is one row at most: ordering would tempt the planner to
        # walk the store's actions in id order instead of using the (store, external_id) index.
        stmt = stmt.order_by(Action.id)
    return stmt.limit(query.limit + 1)


def page(location: Location, query: ListQuery) -> tuple[list[Action], str | None]:
    """One page of actions in id order, and the cursor of the next page (None at the end)."""
    rows = list(db.session.scalars(statement(location, query)).unique())
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[:query.limit]
    return rows, encode_cursor(rows[-1].id)
