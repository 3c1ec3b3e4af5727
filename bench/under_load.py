"""Under load: gunicorn (4 workers) and the scheduler delivering, driven over loopback.

For each database (SQLite; PostgreSQL when `make bench` started one):
- API intake at 8 and 32 concurrent clients against /healthz at the same concurrency (target
  ≥ 0.5x on PostgreSQL), and intake at 32 clients against 8 (target ≥ 1.5x on PostgreSQL);
- the delay from intake to delivered at a steady 100 requests/s (target p99 ≤ 5 s).
"""
import contextlib
import json
import os

from sqlalchemy import select, text

from bench import bench, emit, log
from bench.app import bench_app
from bench.loadgen import closed_loop, steady
from bench.sandbox import app_settings, bench_sandbox
from bench.servers import app_servers
from webapp.extensions import db
from webapp.models import Action, Delivery, Location
from webapp.models.reporting import DELIVERED
from webapp.config_page.api_tokens import tokens

SECONDS = 10  # per closed-loop run
STEADY_RATE, STEADY_SECONDS = 100, 20
ITEMS = {"101": "6001234560000001", "102": "6001234560000011"}


def _intake(tokens_by_license, prefix):
    """Request n: a sale at one of the stores in turn, with its own external id."""
    licenses = sorted(tokens_by_license)

    def request(n):
        license = licenses[n % len(licenses)]
        body = {"kind": "sale", "performed_by": "admin@demo.test",
                "external_id": f"{prefix}-{n}",
                "data": {"customer_type": "recreational", "items": [
                    {"barcode": ITEMS[license[-3:]], "quantity": 1, "price": 1}]}}
        return ("POST", "/api/v1/actions", json.dumps(body),
                {"Authorization": f"Bearer {tokens_by_license[license]}",
                 "Content-Type": "application/json"})
    return request


def _healthz(n):
    """The trivial route."""
    return "GET", "/healthz", None, None


def _backlog() -> int:
    """Reports not delivered yet, read fresh."""
    db.session.rollback()
    return db.session.scalar(select(db.func.count(Delivery.id)).where(
        Delivery.status != DELIVERED))


def _wait_delivered(limit_seconds: float) -> bool:
    """Wait (bounded) until every report is delivered."""
    import time
    deadline = time.monotonic() + limit_seconds
    while _backlog() and time.monotonic() < deadline:
        time.sleep(0.5)
    return _backlog() == 0


def _delays(prefix) -> list[float]:
    """Seconds from intake to delivered of the actions sent with this prefix."""
    db.session.rollback()
    rows = db.session.execute(select(Action.created_at, Delivery.delivered_at).join(
        Delivery).where(Action.external_id.like(f"{prefix}-%"),
                        Delivery.status == DELIVERED)).all()
    return sorted((delivered - created).total_seconds() for created, delivered in rows)


def _under_load(name: str, url: str | None):
    """The three figures for one database."""
    from tests.fixtures.integration import authorize_store
    with bench_sandbox(workers=2) as sandbox, bench_app(
            **({"SQLALCHEMY_DATABASE_URI": url} if url else {}), **app_settings(sandbox)) as app:
        with app.app_context():
            stores = db.session.scalars(select(Location).where(
                Location.name.in_(["Downtown", "Uptown"]))).all()
            secrets = {}
            for store in stores:
                authorize_store(sandbox, store)
                secrets[store.biotrack_license] = tokens.create(store, "bench")[1]
            url = app.config["SQLALCHEMY_DATABASE_URI"]
            db.engine.dispose()
            with app_servers(url, sandbox, app) as servers:
                _figures(name, servers, secrets)


def _figures(name, servers, secrets):
    """Run the loads and emit the figures."""
    rates = {}
    for clients in (8, 32):
        health = closed_loop(servers.web, _healthz, clients=clients, seconds=SECONDS)
        intake = closed_loop(servers.web, _intake(secrets, f"C{clients}"), clients=clients,
                             seconds=SECONDS)
        rates[clients] = intake.rate
        emit(f"under_load_intake_{clients}_{name}", intake.rate, health.rate, "requests/s",
             "ratio >= 0.5 (PostgreSQL)", clients=clients, errors=intake.errors,
             error_causes=dict(intake.why), p99_ms=round(intake.percentile(0.99) * 1000, 1),
             baseline_is="GET /healthz, same clients, same servers, scheduler delivering")
    emit(f"under_load_intake_scaling_{name}", rates[32], rates[8], "requests/s",
         "ratio >= 1.5 (PostgreSQL)", baseline_is="the same intake at 8 clients")
    caught_up = _wait_delivered(300)
    log(f"under_load {name}: backlog delivered before the steady run: {caught_up}")
    load = steady(servers.web, _intake(secrets, "STEADY"), rate=STEADY_RATE,
                  seconds=STEADY_SECONDS)
    done = _wait_delivered(300)
    delays = _delays("STEADY")
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else float("nan")
    p50 = delays[len(delays) // 2] if delays else float("nan")
    emit(f"under_load_delivery_delay_{name}", p99, p50, "s (p99 intake to delivered)",
         "ours <= 5 s", offered_per_s=STEADY_RATE, accepted_per_s=round(load.rate, 1),
         errors=load.errors, error_causes=dict(load.why), delivered=len(delays),
         all_delivered=done,
         max_s=round(delays[-1], 2) if delays else None,
         skipped_runs=servers.skipped_runs(),
         baseline_is="p50 of the same run")


@bench
def under_load():
    """SQLite, then PostgreSQL when `make bench` started it."""
    _under_load("sqlite", None)
    pg = os.environ.get("TEST_DATABASE_URL", "")
    if not pg.startswith("postgresql"):
        log("under_load postgres: skipped (run `make bench`, which starts PostgreSQL)")
        return
    pg = pg.replace("postgresql://", "postgresql+psycopg://", 1)
    from sqlalchemy import create_engine
    engine = create_engine(pg)
    with contextlib.closing(engine.connect()) as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        conn.commit()
    engine.dispose()
    _under_load("postgres", pg)
