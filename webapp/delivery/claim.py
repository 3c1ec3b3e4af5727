"""Claiming due deliveries with a lease, safely between any number of workers."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from webapp.config import DELIVERY_LEASE
from webapp.extensions import db
from webapp.models import Delivery, Location
from webapp.models.reporting import DELIVERED, DUE_STATES

_parent = aliased(Delivery)


def _due(now):
    """Due now, not leased, and (for a refund) after its sale was delivered."""
    return and_(
        Delivery.status.in_(DUE_STATES), Delivery.next_attempt_at <= now,
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        or_(Delivery.depends_on_id.is_(None), exists().where(
            _parent.id == Delivery.depends_on_id, _parent.status == DELIVERED)))


def lease_length() -> timedelta:
    """How long a claim or a renewal holds reports (DELIVERY_LEASE_SECONDS overrides)."""
    seconds = current_app.config.get("DELIVERY_LEASE_SECONDS")
    return timedelta(seconds=float(seconds)) if seconds else DELIVERY_LEASE


def due_stores(now, limit: int, exclude=()) -> list[int]:
    """Up to `limit` stores with due reports, in random order so no store waits behind others."""
    query = select(Location.id).where(exists().where(
        Delivery.location_id == Location.id, _due(now)))
    if exclude:
        query = query.where(Location.id.not_in(list(exclude)))
    return list(db.session.scalars(query.order_by(func.random()).limit(limit)))


def claim(now, worker: str, limit: int, location_id: int | None = None) -> list[int]:
    """Lease up to `limit` due deliveries (of one store, if given); returns their ids (committed).

    One statement: UPDATE ... WHERE id IN (due ones) RETURNING id. PostgreSQL skips rows
    another worker is claiming (FOR UPDATE SKIP LOCKED); SQLite runs one writer at a time, so
    the same statement is a compare-and-set there.
    """
    due = select(Delivery.id).where(_due(now)).order_by(
        Delivery.next_attempt_at, Delivery.id).limit(limit)
    if location_id is not None:
        due = due.where(Delivery.location_id == location_id)
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True, of=Delivery)
    ids = list(db.session.scalars(update(Delivery).where(Delivery.id.in_(due.scalar_subquery()))
                                  .values(lease_until=now + lease_length(), leased_by=worker)
                                  .returning(Delivery.id),
                                  execution_options={"synchronize_session": False}))
    db.session.commit()
    return sorted(ids)


def renew(ids, worker: str, until) -> set[int]:
    """Extend this worker's leases on `ids` to `until`; returns the ids it still held (committed).

    Compare-and-set on leased_by: a lease another worker has since taken is not renewed.
    """
    kept = set(db.session.scalars(update(Delivery).where(
        Delivery.id.in_(list(ids)), Delivery.leased_by == worker).values(lease_until=until)
        .returning(Delivery.id), execution_options={"synchronize_session": False}))
    db.session.commit()
    return kept


def give_back(ids, worker: str) -> None:
    """Unsent reports of a stopping worker: due again for any worker at once (committed)."""
    if ids:
        db.session.execute(update(Delivery).where(
            Delivery.id.in_(list(ids)), Delivery.leased_by == worker).values(
            lease_until=None, leased_by=None), execution_options={"synchronize_session": False})
    db.session.commit()
