"""The hourly expiry check over 100,000 stores with authorizations (SQLite unless
BENCH_DATABASE_URL says otherwise).

Stores' grants expire evenly from 5 days ago to 100 days ahead, as if they had been granted
over the last 100 days; 100 organizations of 1,000 stores, each with two Config Page users
who work in all of them, and an extra address on every tenth store.
"""
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import event, insert, select

from bench import bench, emit, log
from bench.app import bench_app
from webapp.extensions import db
from webapp.models import (Authorization, ExpiryWarning, Location, NotificationRecipient,
                           Organization, Role, RolePermission, User, user_locations,
                           user_roles, utcnow)
from webapp.models.integration import CURRENT_STATES

STORES, PER_ORG, SAMPLE = 100_000, 1_000, 2_000


class StatementCounter:
    """Counts the SQL statements sent to the database while active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args):
        """before_cursor_execute listener."""
        self.count += 1

    def __enter__(self):
        """Start counting from zero."""
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        """Stop counting."""
        event.remove(self.engine, "before_cursor_execute", self._count)


def _bulk(table, rows, chunk=20_000):
    """Core executemany inserts in chunks."""
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(table), rows[start:start + chunk])


def populate(now) -> None:
    """100,000 stores with a current authorization each, their people, committed."""
    rng = random.Random(6)
    orgs = STORES // PER_ORG
    _bulk(Organization.__table__, [{"name": f"Bench org {n}", "created_at": now}
                                   for n in range(orgs)])
    org_ids = list(db.session.scalars(select(Organization.id).where(
        Organization.name.startswith("Bench org")).order_by(Organization.id)))
    _bulk(Location.__table__, [
        {"organization_id": org_ids[i // PER_ORG], "name": f"Store {i}",
         "biotrack_license": f"NY-RET-{i + 1000:06d}", "time_zone": "America/New_York",
         "active": True, "created_at": now} for i in range(STORES)])
    stores = db.session.execute(select(Location.id, Location.organization_id).where(
        Location.name.startswith("Store ")).order_by(Location.id)).all()
    log(f"  {len(stores)} stores inserted; adding authorizations")
    rows = []
    for location_id, org_id in stores:
        expires = now + timedelta(seconds=rng.uniform(-5 * 86400, 100 * 86400))
        rows.append({"organization_id": org_id, "location_id": location_id, "state": "active",
                     "ubi": "600123456", "license": "NY-RET-000000", "username": "bt@x.test",
                     "password": "bench-password", "grant_id": f"g{location_id}",
                     "granted_at": expires - timedelta(days=100), "expires_at": expires,
                     "registered_at": now})
    _bulk(Authorization.__table__, rows)
    _people(org_ids, stores, now)
    db.session.commit()


def _people(org_ids, stores, now) -> None:
    """Two Config Page users per organization with access to all its stores; some extras."""
    _bulk(Role.__table__, [{"organization_id": o, "name": "Bench admin", "created_at": now}
                           for o in org_ids])
    roles = dict(db.session.execute(select(Role.organization_id, Role.id).where(
        Role.name == "Bench admin")).all())
    _bulk(RolePermission.__table__, [{"role_id": r, "permission": "config_page"}
                                     for r in roles.values()])
    _bulk(User.__table__, [{"organization_id": o, "email": f"admin{n}-{o}@bench.test",
                            "name": f"Admin {n}", "active": True, "session_version": 1,
                            "created_at": now} for o in org_ids for n in (1, 2)])
    users = db.session.execute(select(User.id, User.organization_id).where(
        User.email.like("%@bench.test"))).all()
    _bulk(user_roles, [{"user_id": u, "role_id": roles[o]} for u, o in users])
    by_org = {}
    for u, o in users:
        by_org.setdefault(o, []).append(u)
    _bulk(user_locations, [{"user_id": u, "location_id": loc}
                           for loc, o in stores for u in by_org[o]])
    _bulk(NotificationRecipient.__table__, [
        {"organization_id": o, "location_id": loc, "email": f"ops{loc}@bench.test",
         "created_at": now} for loc, o in stores[::10]])


def naive_scan(now, location_ids) -> int:
    """The per-store loop we avoid: the store's authorization, then its ledger, one by one."""
    from webapp.config_page.notifications.expiry import THRESHOLDS
    due = 0
    for location_id in location_ids:
        auth = db.session.execute(select(Authorization.id, Authorization.expires_at).where(
            Authorization.location_id == location_id,
            Authorization.state.in_(CURRENT_STATES))).first()
        if auth is None or auth.expires_at > now + timedelta(days=max(THRESHOLDS)):
            continue
        threshold = next(t for t in (0, *THRESHOLDS) if auth.expires_at <= now + timedelta(days=t))
        sent = db.session.scalar(select(ExpiryWarning.id).where(
            ExpiryWarning.authorization_id == auth.id,
            ExpiryWarning.expires_at == auth.expires_at, ExpiryWarning.threshold == threshold))
        due += sent is None
    return due


def _timed(func, *args):
    """(seconds, statements, result) of one call."""
    with StatementCounter(db.engine) as counter:
        start = time.perf_counter()
        result = func(*args)
        return time.perf_counter() - start, counter.count, result


@bench
def expiry_scan_100k():
    """The scan, the hourly job, and the first run ever, over 100,000 stores."""
    from webapp.config_page.notifications.expiry import check_expiries, due_warnings
    with bench_app() as app, app.app_context():
        now = utcnow().replace(minute=0, second=0, microsecond=0)
        log("expiry_scan_100k: inserting 100,000 stores with authorizations...")
        populate(now)
        first = now - timedelta(hours=1)
        log("  first run ever (every store in its warning window is told at once)...")
        first_seconds, first_queries, first_result = _timed(check_expiries, first)
        db.session.remove()

        scans = [_timed(due_warnings, now) for _ in range(5)]
        scan_seconds = statistics.median(s for s, _, _ in scans)
        ids = list(db.session.scalars(select(Location.id).where(
            Location.name.startswith("Store ")).order_by(Location.id).limit(SAMPLE)))
        naive_seconds, naive_queries, _ = _timed(naive_scan, now, ids)
        emit("expiry_scan_100k", scan_seconds, naive_seconds * STORES / SAMPLE, "s",
             "< 1 s, 1 query", queries=scans[0][1], due=len(scans[0][2]),
             baseline_is=(f"naive per-store loop (1-2 SELECTs per store: "
                          f"{naive_queries} for {SAMPLE:,}), timed on {SAMPLE:,} stores and "
                          f"scaled to {STORES:,}"))

        hourly = [_timed(check_expiries, now + timedelta(hours=h)) for h in range(5)]
        emit("expiry_check_hourly_100k", statistics.median(s for s, _, _ in hourly),
             scan_seconds, "s", "< 1 s, statements independent of the number of stores",
             queries=max(q for _, q, _ in hourly),
             warned_per_run=[r["warned"] for _, _, r in hourly],
             baseline_is="the scan alone (the hourly job = scan + ledger + states + e-mails)")
        emit("expiry_check_first_run_100k", first_seconds, scan_seconds, "s",
             "one-off; one transaction per 1,000 stores",
             queries=first_queries, warned=first_result["warned"],
             emails=first_result["emails"],
             baseline_is="the scan alone (the first run renders, encrypts and stores every "
                         "warning e-mail of every store already in its window)")
