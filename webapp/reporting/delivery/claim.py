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
    """Lease up to `limit` due deliveries to this worker; returns their ids (committed)."""
    seconds = current_app.config.get("DELIVERY_LEASE_SECONDS")
    length = timedelta(seconds=seconds) if seconds else DELIVERY_LEASE
    lease = {"lease_until": now + length, "leased_by": worker}
    candidates = select(Delivery.id).where(_due(now)).order_by(
        Delivery.next_attempt_at, Delivery.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        # Rows another worker is claiming are skipped, not waited for.
        ids = list(db.session.scalars(candidates.with_for_update(skip_locked=True,
                                                                 of=Delivery)))
        if ids:
            db.session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(**lease))
        db.session.commit()
        return ids
    # SQLite has no row locks but serialises writers: compare-and-set each candidate.
    ids = []
    for delivery_id in list(db.session.scalars(candidates)):
        won = db.session.execute(update(Delivery).where(
            Delivery.id == delivery_id, _due(now)).values(**lease)).rowcount
        if won:
            ids.append(delivery_id)
    db.session.commit()
    return ids
