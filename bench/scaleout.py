"""Delivery on PostgreSQL with four worker processes against one (target ≥ 2.5x).

BioTrack's answers are given a 50 ms round trip (SANDBOX_LATENCY_MS), as over a network: the
figure measures how well workers share the work, not how fast this machine's two cores are.
The sandbox runs under gunicorn with enough workers not to be the bottleneck.
"""
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select, text

from bench import bench, emit, log
from bench.app import bench_app
from bench.delivery import record_sales
from bench.sandbox import ROOT, app_settings, bench_sandbox
from webapp.extensions import db
from webapp.models import Delivery, Location, User
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


def _run_workers(count, env, total) -> float:
    """Start `count` delivery workers, wait until `total` are delivered; actions/s."""
    started = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "deliver",
                                 "--idle", "0.05"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(count)]
    try:
        while db.session.scalar(select(func.count(Delivery.id)).where(
                Delivery.status == DELIVERED)) < total:
            db.session.rollback()
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    return ACTIONS / elapsed


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
            record_sales(store, admin, ACTIONS, "ONE")
            one = _run_workers(1, env, ACTIONS)
            record_sales(store, admin, ACTIONS, "FOUR")
            four = _run_workers(4, env, 2 * ACTIONS)
            ledger = sandbox.ledger(store.biotrack_license)
            assert len({e["request_id"] for e in ledger}) == len(ledger) == 2 * ACTIONS
            emit("delivery_scaleout_postgres", four, one, "actions/s", "ratio >= 2.5",
                 workers=4, actions=ACTIONS, biotrack_latency_ms=LATENCY_MS,
                 baseline_is="one worker process, same run")
