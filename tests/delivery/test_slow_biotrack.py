"""Slow BioTrack answers: each report sent by one worker at a time, and slow stores hold no other."""
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select

from tests.fixtures.integration import authorize_store
from tests.delivery.helpers import ledger_by_request, sale
from webapp.extensions import db
from webapp.models import Delivery, DeliveryAttempt, utcnow
from webapp.models.reporting import DELIVERED
from webapp.delivery.claim import claim
from webapp.delivery.send import Open, deliver_batch
from webapp.delivery.worker import drain

SLOW_SECONDS = 1.5  # each answer for the slow store: longer than the lease below


def _statuses(location) -> list[str]:
    """The store's delivery statuses, read fresh."""
    db.session.rollback()
    return list(db.session.scalars(select(Delivery.status).where(
        Delivery.location_id == location.id)))


def _workers(app, names, budget):
    """Delivery workers in threads, each in its own app context, as separate processes would be."""
    def work(name):
        with app.app_context():
            drain(worker=name, budget_seconds=budget)
    threads = [threading.Thread(target=work, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    return threads


def test_two_workers_slow_store_each_report_sent_once_fast_store_flows(app, sandbox, world):
    """Answers slower than the lease: never sent twice; the fast store is done first."""
    app.config["DELIVERY_LEASE_SECONDS"] = 1
    slow, fast = world.a.downtown, world.a.uptown
    authorize_store(sandbox, slow)
    authorize_store(sandbox, fast)
    for i in range(4):
        sale(slow, world.a.admin, f"SLOW-{i}")
    for i in range(20):
        sale(fast, world.a.admin, f"FAST-{i}", items=[
            {"barcode": "6001234560000011", "quantity": 1, "price": 3}])
    sandbox.fault("slow", "/v1/", license=slow.biotrack_license, count=100, seconds=SLOW_SECONDS)
    threads = _workers(app, ["worker-1", "worker-2"], budget=30)
    deadline = time.monotonic() + 60
    while set(_statuses(fast)) != {DELIVERED} and time.monotonic() < deadline:
        time.sleep(0.05)
    slow_when_fast_done = _statuses(slow)
    for thread in threads:
        thread.join(timeout=60)
    assert set(_statuses(fast)) == {DELIVERED}
    assert slow_when_fast_done.count(DELIVERED) < len(slow_when_fast_done), \
        "the fast store's reports waited for the slow store's answers"
    assert set(_statuses(slow)) == {DELIVERED}
    attempts = dict(db.session.execute(select(Delivery.id, Delivery.attempts)).all())
    rows = dict(db.session.execute(select(DeliveryAttempt.delivery_id, func.count()).group_by(
        DeliveryAttempt.delivery_id)).all())
    assert set(attempts.values()) == {1} and rows == attempts  # one row per real attempt
    replays = db.session.scalar(select(func.count()).where(
        DeliveryAttempt.message.like("%recorded it already%")))
    assert replays == 0, "a report was sent again while another worker was waiting for it"
    assert len(ledger_by_request(sandbox, slow.biotrack_license)) == 4
    assert len(ledger_by_request(sandbox, fast.biotrack_license)) == 20


class _Stolen(Open):
    """A gate under which the lease runs out and another worker claims the report mid-send."""

    def __init__(self, now):
        self.now = now

    def usable(self, delivery_id) -> bool:
        """Usable when asked; taken over right after (before BioTrack answers)."""
        assert claim(self.now + timedelta(minutes=5), "worker-2", 10) == [delivery_id]
        return True


def test_a_worker_whose_lease_ended_records_nothing(app, sandbox, world):
    """The answer came after another worker took the report: no attempt row, no outcome."""
    authorize_store(sandbox, world.a.downtown)
    action = sale(world.a.downtown, world.a.admin, "S-LOST")
    now = utcnow()
    ids = claim(now, "worker-1", 10)
    sent = deliver_batch(ids, "worker-1", now, gate=_Stolen(now))
    assert sent.counts == {"lease_lost": 1}
    db.session.expire_all()
    delivery = db.session.get(Delivery, action.delivery.id)
    assert (delivery.leased_by, delivery.attempts, delivery.status) == ("worker-2", 0, "queued")
    assert db.session.scalar(select(func.count(DeliveryAttempt.id))) == 0


def test_a_report_queued_during_a_run_goes_in_that_run(app, sandbox, world):
    """The run's clock moves: what arrives while BioTrack is answering is sent before it ends."""
    authorize_store(sandbox, world.a.downtown)
    sale(world.a.downtown, world.a.admin, "S-FIRST")
    sandbox.fault("slow", "/v1/dispense", seconds=1)
    counts = {}

    def run():
        with app.app_context():
            counts.update(drain(utcnow(), worker="worker-1", budget_seconds=10))
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    sale(world.a.downtown, world.a.admin, "S-DURING")
    thread.join(timeout=30)
    assert counts.get("delivered") == 2


def test_reports_not_reached_by_the_end_of_a_run_are_free_at_once(app, sandbox, world):
    """A run that ends while holding reports gives them back instead of leaving them leased."""
    authorize_store(sandbox, world.a.downtown)
    for i in range(3):
        sale(world.a.downtown, world.a.admin, f"S-END-{i}")
    # The first answer outlasts the run: the run has claimed all three and reaches only one.
    sandbox.fault("slow", "/v1/dispense", seconds=2, count=10)
    # It says it stopped with work left, so the scheduler starts the next run at once.
    assert drain(worker="worker-1", budget_seconds=1.5) == {"resumed": 0, "released": 0,
                                                            "delivered": 1, "unfinished": 1}
    db.session.expire_all()
    waiting = db.session.execute(select(Delivery.status, Delivery.leased_by,
                                        Delivery.lease_until).where(
        Delivery.status != DELIVERED)).all()
    assert waiting == [("queued", None, None)] * 2
