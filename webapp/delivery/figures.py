"""Cheap figures about a store's reports, whatever the length of its history.

Delivered reports are counted per store day and performer in `delivered_day`, by the worker in
the transaction that records the delivery. The other states are a backlog: they are counted
from the (location, status) index, each up to CAP, so a count never reads more than CAP index
entries per state.
"""
from datetime import timedelta

from sqlalchemy import bindparam, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import DeliveredDay, Delivery, utcnow
from webapp.models.reporting import STATUS_LABELS
from webapp.timefmt import zone

CAP = 1000
_day = DeliveredDay.__table__


def store_day(location_time_zone, instant):
    """The store's calendar date at an instant."""
    return instant.astimezone(zone(location_time_zone)).date()


_bump = _day.update().where(
    _day.c.location_id == bindparam("_location"), _day.c.day == bindparam("_day"),
    _day.c.performed_by_id == bindparam("_performer")).values(
    delivered=_day.c.delivered + 1, as_performer=_day.c.as_performer + bindparam("_mine"))


def count_delivered(location_id: int, time_zone: str, performer_id: int, source: str | None,
                    now) -> None:
    """Add one delivered report to its store day (the caller commits with the delivery).

    The day's row is there for all but a performer's first report of the day: a cached UPDATE
    (this runs once per delivery); the first is an upsert, which also settles two workers
    creating the row at once (it cannot be cached, so it is not the common path).
    """
    connection = db.session.connection()
    day, mine = store_day(time_zone, now), 1 if source == "linked" else 0
    if connection.execute(_bump, {"_location": location_id, "_day": day,
                                  "_performer": performer_id, "_mine": mine}).rowcount:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_day).values(
        location_id=location_id, day=day, performed_by_id=performer_id, delivered=1,
        as_performer=mine)
    connection.execute(statement.on_conflict_do_update(
        index_elements=[_day.c.location_id, _day.c.day, _day.c.performed_by_id],
        set_={"delivered": _day.c.delivered + 1,
              "as_performer": _day.c.as_performer + mine}))


def delivered_today(location) -> int:
    """Reports of the store delivered since its midnight."""
    return db.session.scalar(select(func.coalesce(func.sum(DeliveredDay.delivered), 0)).where(
        DeliveredDay.location_id == location.id,
        DeliveredDay.day == store_day(location.time_zone, utcnow()))) or 0


def status_counts(location, statuses=tuple(STATUS_LABELS)) -> dict[str, int]:
    """{status: reports of the store in it, up to CAP + 1}, in one statement.

    CAP + 1 means "more than CAP": callers show it as "1,000+".
    """
    # Read in the index's order, so each count is a range of the (location, status) index
    # even where most of the store's rows are in that state.
    parts = [select(literal(status).label("status"), func.count().label("n")).select_from(
        select(Delivery.performed_at).where(
            Delivery.location_id == location.id, Delivery.status == status).order_by(
            Delivery.performed_at).limit(CAP + 1).subquery())
        for status in statuses]
    return {status: n for status, n in db.session.execute(union_all(*parts))}


def coverage(location, days: int = 30) -> dict[int, tuple[int, int]]:
    """{user id: (delivered as themselves, delivered in all)} over the store's last days."""
    since = store_day(location.time_zone, utcnow()) - timedelta(days=days - 1)
    rows = db.session.execute(select(
        DeliveredDay.performed_by_id, func.sum(DeliveredDay.as_performer),
        func.sum(DeliveredDay.delivered)).where(
        DeliveredDay.location_id == location.id, DeliveredDay.day >= since).group_by(
        DeliveredDay.performed_by_id))
    return {user_id: (int(mine or 0), int(total or 0)) for user_id, mine, total in rows}


def shown(count: int) -> str:
    """A capped count as people read it."""
    return f"{CAP:,}+" if count > CAP else f"{count:,}"

