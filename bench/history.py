"""A long history of actions, inserted in bulk (Core executemany), for scale figures and plans.

The mix is a store's: mostly delivered sales (most as the performer's own account), some
failed, needing attention, queued or retrying; spread evenly over the last `days` days, ids in
performed order. Delivered ones are counted in delivered_day as the worker would.
"""
import json
import random
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Action, DeliveredDay, Delivery, utcnow
from webapp.delivery.figures import store_day

BATCH = 20_000
KINDS = ("sale",) * 16 + ("refund", "adjustment", "receiving", "invoice_payment")
STATUSES = ("delivered",) * 95 + ("failed", "failed", "needs_attention", "queued", "retrying")
DATA = {"customer_type": "recreational",
        "items": [{"barcode": "6001234560000001", "quantity": "1", "price": "20.00"}]}
DATA_JSON = json.dumps(DATA)


def seed_history(locations, performer_ids, count: int, days: int = 90, seed: int = 15) -> int:
    """Add `count` actions (with deliveries) to the stores, oldest first; returns the last id."""
    rng = random.Random(seed + count)
    first = max(db.session.scalar(select(func.max(Action.id))) or 0,
                db.session.scalar(select(func.max(Delivery.id))) or 0) + 1
    now = utcnow()
    start, step = now - timedelta(days=days), timedelta(days=days) / count
    conn = db.session.connection()
    figures = Counter()
    for offset in range(0, count, BATCH):
        actions, deliveries = [], []
        for n in range(offset, min(offset + BATCH, count)):
            action_id, location = first + n, locations[n % len(locations)]
            at, performer = start + step * n, rng.choice(performer_ids)
            status = rng.choice(STATUSES)
            delivered = status == "delivered"
            source = "linked" if rng.random() < 0.7 else "default"
            actions.append({"id": action_id, "organization_id": location.organization_id,
                            "location_id": location.id, "kind": rng.choice(KINDS),
                            "external_id": f"H-{action_id}", "performed_by_id": performer,
                            "performed_at": at, "data": DATA, "source": "api",
                            "created_at": at})
            deliveries.append(_delivery(action_id, location, at, performer, status, source))
            if delivered:
                key = (location.id, store_day(location.time_zone, at), performer)
                figures[key + ("all",)] += 1
                figures[key + ("mine",)] += source == "linked"
        _insert(conn, "action", actions)
        _insert(conn, "delivery", deliveries)
    _add_figures(conn, figures)
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table in ("action", "delivery"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))")
    db.session.commit()
    return first + count - 1


def _delivery(action_id, location, at, performer, status, source) -> dict:
    """The delivery row of a seeded action in its final (or waiting) state."""
    delivered = status == "delivered"
    return {"id": action_id, "action_id": action_id, "organization_id": location.organization_id,
            "location_id": location.id, "depends_on_id": None, "status": status,
            "next_attempt_at": at, "attempts": 1 if status != "queued" else 0, "revision": 1,
            "lease_until": None, "leased_by": None, "performed_at": at,
            "performed_by_id": performer, "send_as_default": False, "paused_grant_id": None,
            "reported_as": f"user{performer}@bt.test" if delivered else None,
            "credential_source": source if delivered else None,
            "credential_reason": "the performer's linked BioTrack account" if delivered else None,
            "last_error": None if delivered else "BioTrack refused it: seeded",
            "last_error_code": None if delivered else "seeded",
            "biotrack_id": f"BT-{action_id}" if delivered else None,
            "delivered_at": at if delivered else None, "updated_at": at}


def _insert(conn, table: str, rows: list[dict]) -> None:
    """One executemany straight to the driver: SQLAlchemy's per-value processing would take
    most of the time at a million rows. Values are given as the column types would store them."""
    columns = list(rows[0])
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"

    stamps = {}

    def value(v):
        if isinstance(v, datetime):
            if not sqlite:
                return v
            if v not in stamps:  # SQLite's stored form; str() is much faster than strftime
                naive = str(v.astimezone(timezone.utc).replace(tzinfo=None))
                stamps[v] = naive if "." in naive else naive + ".000000"
            return stamps[v]
        return DATA_JSON if v is DATA else v
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})",
        [tuple(value(row[c]) for c in columns) for row in rows])


def _add_figures(conn, figures: Counter) -> None:
    """Add the seeded deliveries to delivered_day (existing days are summed into)."""
    keys = {k[:3] for k in figures}
    existing = {(r.location_id, r.day, r.performed_by_id): r for r in db.session.scalars(
        select(DeliveredDay))}
    for key in keys:
        row = existing.get(key)
        if row is None:
            db.session.add(DeliveredDay(location_id=key[0], day=key[1], performed_by_id=key[2],
                                        delivered=figures[key + ("all",)],
                                        as_performer=figures[key + ("mine",)]))
        else:
            row.delivered += figures[key + ("all",)]
            row.as_performer += figures[key + ("mine",)]
