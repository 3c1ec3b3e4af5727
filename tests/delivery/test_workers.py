"""Scale-out: several `flask --app wsgi deliver` processes on PostgreSQL, one killed mid-run.

Runs in `make test-postgres` (SKIP LOCKED is PostgreSQL's); on SQLite it is skipped.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.fixtures.app import TEST_KEY
from tests.fixtures.integration import authorize_store
from tests.fixtures.sandbox import CLIENT_ID, CLIENT_SECRET
from tests.delivery.helpers import ledger_by_request
from webapp.extensions import db
from webapp.models import Delivery
from webapp.models.reporting import DELIVERED
from webapp.intake import recording

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = int(os.environ.get("WORKER_TEST_ACTIONS", "2000"))
WORKERS = 4


def _worker_env(database_url, sandbox) -> dict:
    """Production-style settings through the environment, as a deployment would give them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIOTRACK_", "MAIL_"))}
    env.update(DATABASE_URL=database_url, SECRET_KEY="worker-test", CREDENTIALS_KEYS=TEST_KEY,
               BIOTRACK_BASE_URL=sandbox.url, BIOTRACK_CLIENT_ID=CLIENT_ID,
               BIOTRACK_CLIENT_SECRET=CLIENT_SECRET, APP_BASE_URL="http://127.0.0.1:5000",
               MAIL_SERVER="127.0.0.1", MAIL_PORT="9", TRACEBRIDGE_ENV="production",
               DELIVERY_LEASE_SECONDS="5", PYTHONUNBUFFERED="1")
    return env


def _delivered() -> int:
    """How many deliveries are done, read fresh."""
    db.session.rollback()
    return db.session.scalar(select(func.count(Delivery.id)).where(Delivery.status == DELIVERED))


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL only (make test-postgres)")
def test_four_workers_one_killed_each_action_once(app, sandbox, world, database_url, tmp_path):
    """2,000 sales, four worker processes, one SIGKILLed: each sale recorded exactly once."""
    authorize_store(sandbox, world.a.downtown)
    for i in range(ACTIONS):
        recording.record(world.a.downtown, world.a.admin, kind="sale", external_id=f"W-{i}",
                         data={"items": [{"barcode": f"600123456000000{i % 9 + 1}",
                                       "quantity": 1, "price": 5}]})
    env = _worker_env(os.environ["TEST_DATABASE_URL"], sandbox)
    logs = [open(tmp_path / f"worker{n}.log", "wb") for n in range(WORKERS)]
    workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "deliver",
                                 "--idle", "0.2"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT) for log in logs]
    try:
        deadline = time.monotonic() + 60
        while _delivered() < ACTIONS // 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers[0].send_signal(signal.SIGKILL)  # mid-send, holding leases
        deadline = time.monotonic() + 240
        while _delivered() < ACTIONS and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        for worker in workers[1:]:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        for log in logs:
            log.close()
    assert workers[0].returncode == -signal.SIGKILL
    assert [w.returncode for w in workers[1:]] == [0, 0, 0]
    assert _delivered() == ACTIONS, (tmp_path / "worker1.log").read_text()[-2000:]
    ledger = ledger_by_request(sandbox)  # no RequestID recorded twice
    assert len(ledger) == ACTIONS
    from webapp.models import DeliveryAttempt
    workers_used = set(db.session.scalars(select(DeliveryAttempt.worker).distinct()))
    assert len(workers_used) == WORKERS  # the work was shared
