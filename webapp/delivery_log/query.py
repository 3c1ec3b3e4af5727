"""The delivery log's filters and keyset pages, shared by the page and the CSV export.

A page is found by the row next to it (its performed time and id), never by an offset, and
nothing counts the whole history: each filter reads an index in performed order, so page 1
and a page from two years back cost the same.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, tuple_
from sqlalchemy.orm import contains_eager

from webapp.extensions import db
from webapp.models import Action, Delivery, User
from webapp.models.reporting import KINDS, STATUS_LABELS
from webapp.timefmt import zone
from webapp.validation import positive_int

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class Filters:
    """What the log is narrowed to (all optional)."""

    status: str = ""
    kind: str = ""
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read the query string, ignoring values that are not offered."""
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None
        status = args.get("status", "")
        kind = args.get("kind", "")
        return cls(status=status if status in STATUS_LABELS else "",
                   kind=kind if kind in KINDS else "",
                   user_id=args.get("user", type=positive_int), date_from=day("from"),
                   date_to=day("to"))

    def as_args(self) -> dict:
        """Back to query-string values (for links that keep the filters)."""
        return {k: v for k, v in {"status": self.status, "kind": self.kind, "user": self.user_id,
                                  "from": self.date_from and self.date_from.isoformat(),
                                  "to": self.date_to and self.date_to.isoformat()}.items() if v}


@dataclass(frozen=True)
class Edge:
    """A row's place in performed order: (performed_at, action id)."""

    at: datetime
    id: int

    def token(self) -> str:
        """For a URL: microseconds since 1970, then the id."""
        return f"{(self.at - EPOCH) // timedelta(microseconds=1)}.{self.id}"

    @classmethod
    def parse(cls, value: str | None) -> "Edge | None":
        """None unless the token is well formed (a bad link shows page 1)."""
        micros, _, id_ = (value or "").partition(".")
        if not (micros.lstrip("-").isdigit() and id_.isdigit()):
            return None
        try:
            return cls(EPOCH + timedelta(microseconds=int(micros)), int(id_))
        except OverflowError:
            return None


def _start_of(day: date, time_zone: str) -> datetime:
    """Midnight of a day in the store's zone."""
    return datetime.combine(day, time.min, tzinfo=zone(time_zone))


def order_keys(filters: Filters):
    """The (performed_at, id) columns of the index that serves these filters."""
    if filters.status:
        return Delivery.performed_at, Delivery.action_id
    return Action.performed_at, Action.id


def conditions(location, filters: Filters) -> list:
    """WHERE clauses for the store and the filters, on the table whose index serves them."""
    by_status = bool(filters.status)
    at, _ = order_keys(filters)
    table = Delivery if by_status else Action
    where = [table.location_id == location.id]
    if by_status:
        where.append(Delivery.status == filters.status)
    if filters.kind:
        where.append(Action.kind == filters.kind)
    if filters.user_id:
        where.append(table.performed_by_id == filters.user_id)
    if filters.date_from:
        where.append(at >= _start_of(filters.date_from, location.time_zone))
    if filters.date_to:
        where.append(at < _start_of(filters.date_to + timedelta(days=1), location.time_zone))
    return where


@dataclass
class Page:
    """One page of rows, newest first, and the edges to the pages beside it."""

    rows: list = field(default_factory=list)  # (Action with its delivery, performer name)
    newer: Edge | None = None
    older: Edge | None = None


def log_page(location, filters: Filters, size: int, *, before: Edge | None = None,
             after: Edge | None = None, oldest: bool = False) -> Page:
    """The page older than `before`, newer than `after`, the oldest one, or the newest one."""
    at, id_ = order_keys(filters)
    query = select(Action, User.name).join(Action.delivery).join(
        User, User.id == Action.performed_by_id).options(contains_eager(Action.delivery)).where(
        *conditions(location, filters))
    backwards = after is not None or oldest
    if before is not None:
        query = query.where(tuple_(at, id_) < tuple_(before.at, before.id))
    elif after is not None:
        query = query.where(tuple_(at, id_) > tuple_(after.at, after.id))
    order = (at.asc(), id_.asc()) if backwards else (at.desc(), id_.desc())
    rows = db.session.execute(query.order_by(*order).limit(size + 1)).all()
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = Page(rows=rows)
    if rows:
        first, last = rows[0][0], rows[-1][0]
        beyond_new = more if backwards else before is not None
        beyond_old = after is not None or (more and not backwards)
        page.newer = Edge(first.performed_at, first.id) if beyond_new else None
        page.older = Edge(last.performed_at, last.id) if beyond_old else None
    return page


def export_query(location, filters: Filters):
    """Every matching row as plain columns (no objects), newest first, for the CSV."""
    at, id_ = order_keys(filters)
    return select(
        Action.performed_at, Action.kind, Action.external_id, User.email, Delivery.status,
        Delivery.reported_as, Delivery.credential_source, Delivery.credential_reason,
        Delivery.attempts, Delivery.last_error, Delivery.biotrack_id, Delivery.delivered_at,
    ).join(Delivery, Delivery.action_id == Action.id).join(
        User, User.id == Action.performed_by_id).where(
        *conditions(location, filters)).order_by(at.desc(), id_.desc())
