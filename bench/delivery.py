"""Delivery throughput against the sandbox, vs a bare loop of the same HTTP requests."""
import statistics
import time
import uuid

import requests

from bench import bench, emit, log
from bench.app import bench_app
from bench.sandbox import app_settings, bench_sandbox
from webapp.biotrack import payloads
from webapp.extensions import db
from webapp.models import Delivery, Location, User, utcnow
from webapp.models.reporting import DELIVERED

ACTIONS = 100  # per round
ROUNDS = 5  # baseline and ours alternate, so both see the same machine and sandbox
ITEMS = [{"barcode": "6001234560000001", "quantity": 1, "price": 10}]


def record_sales(store, performer, count, prefix, items=None):
    """Queue `count` sales (of ITEMS unless given) through the real intake."""
    from webapp.intake import recording
    for i in range(count):
        recording.record(store, performer, kind="sale", external_id=f"{prefix}-{i}",
                         data={"customer_type": "recreational", "items": items or ITEMS})


def bare_loop(sandbox, auth, count) -> float:
    """The baseline: the same requests with requests, one login, no database: actions/s."""
    http = requests.Session()
    login = http.post(f"{sandbox.url}/v1/login", json={
        "UBI": auth.ubi, "License": auth.license, "Username": auth.username,
        "Password": auth.password}, timeout=10).json()["Session"]
    headers = {"Authorization": f"Bearer {login}", "X-Integrator-Token": auth.access_token}
    started = time.perf_counter()
    for _ in range(count):
        path, body = payloads.build("sale", license=auth.license,
                                    request_id=f"BASE-{uuid.uuid4().hex}", external_id=None,
                                    performed_at=utcnow(), payload={
                                        "customer_type": "recreational", "items": ITEMS})
        assert http.post(f"{sandbox.url}/{path}", json=body, headers=headers,
                         timeout=15).status_code in (200, 201)
    return count / (time.perf_counter() - started)


def ours(count) -> float:
    """Our outbox worked off by one in-process worker: actions/s."""
    from webapp.delivery.worker import drain
    started = time.perf_counter()
    while db.session.query(Delivery).filter(Delivery.status != DELIVERED).count():
        drain(worker="bench", budget_seconds=60)
    return count / (time.perf_counter() - started)


@bench
def delivery_throughput():
    """Sales delivered per second by our worker vs a bare requests loop (target ≥ 0.7x)."""
    from tests.fixtures.integration import authorize_store
    with bench_sandbox() as sandbox, bench_app(**app_settings(sandbox)) as app:
        with app.app_context():
            store = db.session.query(Location).filter_by(name="Downtown").one()
            admin = db.session.query(User).filter_by(email="admin@demo.test").one()
            auth = authorize_store(sandbox, store)
            record_sales(store, admin, 20, "WARM")
            ours(20)  # warm: session token cached, templates and mappers ready
            bare_loop(sandbox, auth, 20)
            baselines, rates = [], []
            for n in range(ROUNDS):
                baselines.append(bare_loop(sandbox, auth, ACTIONS))
                record_sales(store, admin, ACTIONS, f"RUN{n}")
                rates.append(ours(ACTIONS))
            ledger = {e["request_id"] for e in sandbox.ledger(store.biotrack_license)}
            delivered = db.session.query(Delivery).filter_by(status=DELIVERED).count()
            log(f"delivery: {delivered} delivered, {len(ledger)} in the sandbox ledger; "
                f"rounds ours {[round(r) for r in rates]} baseline "
                f"{[round(b) for b in baselines]}")
            emit("delivery_throughput", statistics.median(rates), statistics.median(baselines),
                 "actions/s", "ratio >= 0.7", actions=ACTIONS * ROUNDS, rounds=ROUNDS,
                 baseline_is="bare requests loop, same POST v1/dispense (median of rounds)")
