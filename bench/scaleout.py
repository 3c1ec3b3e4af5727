"""Delivery on PostgreSQL with four worker processes against one (target ≥ 2.5x).

BioTrack's answers are given a 50 ms round trip (SANDBOX_LATENCY_MS), as over a network: the
figure measures how well workers share the work, not how fast this machine's two cores are.
The sandbox runs under gunicorn with enough workers not to be the bottleneck.

Workers are long-running processes, so the clock starts once they are up and polling (each has
opened its database connection) and the queued reports become due: the ~2 s a Python process
takes to start, four at once on two cores, is not delivery throughput. It is reported beside
the figure (`start_seconds`).
"""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import func, select, text, update

from bench import bench, emit, log
from bench.app import bench_app
from bench.delivery import record_sales
from bench.sandbox import ROOT, app_settings, bench_sandbox
from webapp.extensions import db
from webapp.models import Action, Delivery, Location, User, utcnow
from webapp.models.reporting import DELIVERED

ACTIONS = 400
LATENCY_MS = 50


def _env(url, sandbox, app) -> dict:
    """A worker's environment: production-style settings."""
    env = dict(os.environ)
    env.update(DATABASE_URL=url, SECRET_KEY="bench", TRACEBRIDGE_ENV="production",
               CREDENTIALS_KEYS=app.config["CREDENTIALS_KEYS"], APP_BASE_URL="http://127.0.0.1",
               MAIL_SERVER="127.0.0.1", MAIL_PORT="9", LOG_LEVEL="WARNING",
               **{k: str(v) for k, v in app_settings(sandbox).items()
                  if k != "BIOTRACK_TIMEOUT"})
    return env


def _hold(ids) -> None:
    """Queued reports wait (not due) until the workers are up."""
    db.session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(
        next_attempt_at=utcnow() + timedelta(days=1)))
    db.session.commit()


def _connected(name) -> int:
    """How many server processes the workers named `name` have open."""
    db.session.rollback()
    return db.session.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                  "WHERE application_name = :name"), {"name": name})


def _run_workers(count, env, held) -> tuple[float, float]:
    """Start `count` workers; once all are polling, make `held` due: (actions/s, start seconds)."""
    name = f"tb-bench-deliver-{count}"
    launched = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "deliver",
                                 "--idle", "0.05"], cwd=ROOT, env={**env, "PGAPPNAME": name},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(count)]
    try:
        while _connected(name) < count:
            assert all(w.poll() is None for w in workers), "a delivery worker exited"
            time.sleep(0.05)
        start_seconds = time.perf_counter() - launched
        started = time.perf_counter()
        db.session.execute(update(Delivery).where(Delivery.id.in_(held)).values(
            next_attempt_at=utcnow()))
        db.session.commit()
        while db.session.scalar(select(func.count(Delivery.id)).where(
                Delivery.id.in_(held), Delivery.status == DELIVERED)) < len(held):
            db.session.rollback()
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    return len(held) / elapsed, start_seconds


def _queued(store, admin, prefix) -> list[int]:
    """Record ACTIONS sales and hold their reports; their delivery ids."""
    record_sales(store, admin, ACTIONS, prefix)
    ids = list(db.session.scalars(select(Delivery.id).join(Action).where(
        Action.external_id.like(f"{prefix}-%"))))
    _hold(ids)
    return ids


@bench
def delivery_scaleout_postgres():
    """Four `flask deliver` processes vs one, on PostgreSQL."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        log("delivery_scaleout_postgres: skipped (run `make bench`, which starts PostgreSQL)")
        return
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    from sqlalchemy import create_engine
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    from tests.fixtures.integration import authorize_store
    with bench_sandbox(workers=8, latency_ms=LATENCY_MS) as sandbox, \
            bench_app(SQLALCHEMY_DATABASE_URI=url, **app_settings(sandbox)) as app:
        with app.app_context():
            store = db.session.query(Location).filter_by(name="Downtown").one()
            admin = db.session.query(User).filter_by(email="admin@demo.test").one()
            authorize_store(sandbox, store)
            env = _env(url, sandbox, app)
            one, one_start = _run_workers(1, env, _queued(store, admin, "ONE"))
            four, four_start = _run_workers(4, env, _queued(store, admin, "FOUR"))
            ledger = sandbox.ledger(store.biotrack_license)
            assert len({e["request_id"] for e in ledger}) == len(ledger) == 2 * ACTIONS
            emit("delivery_scaleout_postgres", four, one, "actions/s", "ratio >= 2.5",
                 workers=4, actions=ACTIONS, biotrack_latency_ms=LATENCY_MS,
                 start_seconds={"one": round(one_start, 2), "four": round(four_start, 2)},
                 baseline_is="one worker process, same run, both timed from when they poll")
