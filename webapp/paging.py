"""Keyset paging: a page of rows after (or before) the last one seen, never an OFFSET.

    page = keyset(query, (AuditEvent.created_at, AuditEvent.id), descending=True,
                  after=request.args.get("after"), before=request.args.get("before"))

The key columns must end in a unique one (the id), so every row has one place. Cursors are
opaque URL-safe strings of the key values; a cursor that does not decode shows the first page.
"""
import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import tuple_

from webapp.extensions import db

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """Rows of one page, and the cursors of the pages around it (None at either end)."""

    items: list
    older: str | None  # the cursor for the next page in the list's order
    newer: str | None  # the cursor for the page before it


def encode(values) -> str:
    """A cursor for these key values."""
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, columns) -> tuple | None:
    """The key values of a cursor, or None when there is none or it is malformed."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(columns):
            return None
        return tuple(_typed(value, column) for value, column in zip(values, columns))
    except (ValueError, TypeError, binascii.Error):
        return None


def _typed(value, column):
    """A JSON value back as the column's Python type (times as aware datetimes)."""
    kind = getattr(column.type, "impl", column.type).python_type  # UTCDateTime wraps DateTime
    if kind is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("cursor time without its zone")
        return parsed
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError("cursor value of the wrong type")
    return value


def keyset(query, columns, *, descending=False, after=None, before=None,
           size=PAGE_SIZE) -> Page:
    """One page of the query in the order of the key columns."""
    key = tuple_(*columns)
    start, backwards = decode(after, columns), False
    if start is None and (end := decode(before, columns)) is not None:
        start, backwards = end, True
    forward = descending != backwards  # walking towards smaller keys
    order = [c.desc() if forward else c.asc() for c in columns]
    if start is not None:
        query = query.where(key < tuple_(*start) if forward else key > tuple_(*start))
    rows = list(db.session.scalars(query.order_by(*order).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()

    def cursor(row):
        return encode([getattr(row, c.key) for c in columns])

    if not rows:
        return Page([], None, None)
    older = cursor(rows[-1]) if (more if not backwards else True) else None
    newer = cursor(rows[0]) if ((more if backwards else start is not None)) else None
    return Page(rows, older, newer)
