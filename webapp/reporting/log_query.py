"""The delivery log's filters, shared by the page and the CSV export."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from webapp.models import Action, Delivery
from webapp.models.reporting import KINDS, STATUS_LABELS
from webapp.timefmt import zone
from webapp.validation import positive_int


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


def _start_of(day: date, time_zone: str) -> datetime:
    """Midnight of a day in the store's zone."""
    return datetime.combine(day, time.min, tzinfo=zone(time_zone))


def log_query(location, filters: Filters):
    """Actions of the store with their deliveries, newest first, as filtered."""
    query = select(Action).join(Delivery).where(Action.location_id == location.id)
    if filters.status:
        query = query.where(Delivery.status == filters.status)
    if filters.kind:
        query = query.where(Action.kind == filters.kind)
    if filters.user_id:
        query = query.where(Action.performed_by_id == filters.user_id)
    if filters.date_from:
        query = query.where(Action.performed_at >= _start_of(filters.date_from,
                                                             location.time_zone))
    if filters.date_to:
        query = query.where(Action.performed_at < _start_of(filters.date_to + timedelta(days=1),
                                                            location.time_zone))
    return query.order_by(Action.performed_at.desc(), Action.id.desc())
