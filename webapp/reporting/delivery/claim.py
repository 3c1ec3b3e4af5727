"""Claiming due deliveries with a lease, safely between any number of workers."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from webapp.config import DELIVERY_LEASE
from webapp.extensions import db
from webapp.models import Delivery
from webapp.models.reporting import DELIVERED, DUE_STATES

_parent = aliased(Delivery)


def _due(now):
    """Due now, not leased, and (for a refund) after its sale was delivered."""
    return and_(
        Delivery.status.in_(DUE_STATES), Delivery.next_attempt_at <= now,
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        or_(Delivery.depends_on_id.is_(None), exists().where(
            _parent.id == Delivery.depends_on_id, _parent.status == DELIVERED)))


def claim(now, worker: str, limit: int) -> list[int]:
    """Lease up to `limit` due deliveries to this worker; returns their ids (committed).

    One statement: UPDATE ... WHERE id IN (due ones) RETURNING id. PostgreSQL skips rows
    another worker is claiming (FOR UPDATE SKIP LOCKED); SQLite runs one writer at a time, so
    the same statement is a compare-and-set there.
    """
    seconds = current_app.config.get("DELIVERY_LEASE_SECONDS")
    length = timedelta(seconds=seconds) if seconds else DELIVERY_LEASE
    due = select(Delivery.id).where(_due(now)).order_by(
        Delivery.next_attempt_at, Delivery.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True, of=Delivery)
    ids = list(db.session.scalars(update(Delivery).where(Delivery.id.in_(due.scalar_subquery()))
                                  .values(lease_until=now + length, leased_by=worker)
                                  .returning(Delivery.id),
                                  execution_options={"synchronize_session": False}))
    db.session.commit()
    return sorted(ids)
