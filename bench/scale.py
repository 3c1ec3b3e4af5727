"""The pages admins open most, at 10,000 and at 1,000,000 actions, against /healthz.

BENCH_SCALE_ACTIONS sets the large size (default 1,000,000; `0` skips this benchmark). The
same database grows from the small size to the large one, so both are measured in one run.
"""
import json
import os
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import select, text

from bench import bench, emit, log, per_call_ms
from bench.app import bench_app, signed_in_client
from bench.history import seed_history
from bench.sandbox import ROOT
from webapp.extensions import db
from webapp.models import Action, Authorization, Location, User, utcnow
from webapp.config_page.api_tokens import tokens
from webapp.delivery_log.query import Edge

SMALL = 10_000
PAGES = ("dashboard", "log_page_1", "log_deep_page", "log_oldest_page", "log_failed",
         "log_one_performer", "onboarding", "api_lookup")


def _world(app):
    """The demo's two stores, eight performers, an authorized Downtown, a store API token."""
    with app.app_context():
        stores = db.session.scalars(select(Location).order_by(Location.id)).all()
        org_id = stores[0].organization_id
        for n in range(6):
            db.session.add(User(organization_id=org_id, email=f"staff{n}@demo.test",
                                name=f"Staff {n}"))
        now = utcnow()
        db.session.add(Authorization(
            organization_id=org_id, location_id=stores[0].id, state="active", ubi="600123456",
            license=stores[0].biotrack_license, username="admin@bt.test", password="pw",
            grant_id="GR-BENCH", access_token="at", refresh_token="rt",
            access_expires_at=now + timedelta(hours=1), granted_at=now,
            expires_at=now + timedelta(days=100)))
        db.session.commit()
        performers = db.session.scalars(select(User.id).where(User.organization_id == org_id)
                                        ).all()
        return stores, performers, tokens.create(stores[0], "bench")[1]


def _grow(app, to: int):
    """Seed up to `to` actions in all (PostgreSQL is analyzed, as autovacuum would)."""
    with app.app_context():
        stores = db.session.scalars(select(Location).order_by(Location.id)).all()
        performers = db.session.scalars(select(User.id)).all()
        have = db.session.scalar(text("SELECT count(*) FROM action"))
        started = time.perf_counter()
        seed_history(stores, performers, to - have)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        log(f"scale: seeded {to - have:,} actions in {time.perf_counter() - started:.1f} s")


def _paths(app, performer: int) -> dict:
    """Each page's URL at the current size (the deep page starts in the middle of history)."""
    with app.app_context():
        store = db.session.scalars(select(Location).order_by(Location.id)).first()
        ids = select(Action.id).where(Action.location_id == store.id)
        count = db.session.scalar(text("SELECT count(*) FROM action WHERE location_id = :id"),
                                  {"id": store.id})
        middle = db.session.get(Action, db.session.scalar(
            ids.order_by(Action.id).offset(count // 2).limit(1)))
        newest = db.session.scalar(ids.order_by(Action.id.desc()).limit(1))
        deep = Edge(middle.performed_at, middle.id).token()
    return {"dashboard": "/", "log_page_1": "/reports",
            "log_deep_page": f"/reports?before={deep}", "log_oldest_page": "/reports?page=oldest",
            "log_failed": "/reports?status=failed", "log_one_performer": f"/reports?user={performer}",
            "onboarding": "/biotrack/onboarding", "api_lookup": f"/api/v1/actions/{newest}"}


def _measure(client, paths: dict, token: str) -> dict:
    """ms per request of each page, and of /healthz, interleaved in one run."""
    def getter(path):
        headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}

        def get():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.status_code)
        return get
    figures = {"healthz": per_call_ms(getter("/healthz"), repeat=5, number=40)}
    for name in PAGES:
        figures[name] = per_call_ms(getter(paths[name]), repeat=5, number=10)
    figures["healthz"] = min(figures["healthz"], per_call_ms(getter("/healthz"), repeat=5,
                                                             number=40))
    return figures


@bench
def log_at_scale():
    """Targets at the large size: each page ≤ 10x /healthz and ≤ 1.5x its own 10k figure.

    On SQLite, and on PostgreSQL too when `make bench` started one (figures suffixed
    `_postgres`).
    """
    big = int(os.environ.get("BENCH_SCALE_ACTIONS", "1000000"))
    if not big:
        log("scale: skipped (BENCH_SCALE_ACTIONS=0)")
        return
    _at_scale(big, "", {})
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        _empty(url)
        _at_scale(big, "_postgres", {"SQLALCHEMY_DATABASE_URI": url})


def _empty(url: str) -> None:
    """A PostgreSQL database without what earlier benchmarks left in it."""
    from sqlalchemy import create_engine
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def _at_scale(big: int, suffix: str, settings: dict) -> None:
    """Each page at 10k and at `big` actions, then the whole export, on one database."""
    with bench_app(**settings) as app:
        stores, performers, token = _world(app)
        client = signed_in_client(app)
        results = {}
        for size in (SMALL, big):
            _grow(app, size)
            results[size] = _measure(client, _paths(app, performers[-1]), token)
        for name in PAGES:
            small, large = results[SMALL], results[big]
            emit(f"scale_{name}{suffix}", large[name], large["healthz"], "ms/request",
                 "ratio <= 10 and <= 1.5x its 10k figure", actions=big,
                 ms_10k=round(small[name], 3), ratio_10k=round(small[name] / small["healthz"], 2),
                 growth=round(large[name] / small[name], 2))
        _export(app, suffix)


def _export(app, suffix: str = ""):
    """The whole log of the store as CSV, in a fresh process (see bench/export_probe.py)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    result = subprocess.run([sys.executable, "-m", "bench.export_probe", url], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode:
        log(result.stderr[-3000:])
        return
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    emit(f"scale_csv_export{suffix}", figures["seconds"], 60.0, "s (baseline: the 60 s target)",
         "under 60 s with under 100 MB extra memory", rows=figures["rows"],
         extra_memory_mb=figures["extra_memory_mb"],
         seconds_per_million_rows=round(figures["seconds"] * 1e6 / max(figures["rows"], 1), 1))
