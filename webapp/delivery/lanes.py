"""One lane per store: a slow store's BioTrack answers never hold up another store's reports.

A worker's run sends each store's reports in that store's own lane (a thread), at most one
lane per store and `DELIVERY_LANES` at once. A lane claims a few of its store's reports at a
time, as many as it expects to send before the run ends, so a slow store does not hoard
reports another worker could send.
"""
import contextlib
import logging
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from flask import current_app

from webapp.extensions import db
from webapp.delivery.claim import claim, due_stores, give_back
from webapp.delivery.lease import Holder
from webapp.delivery.send import deliver_batch
from webapp.scheduler import UNFINISHED

log = logging.getLogger(__name__)
POLL_SECONDS = 0.25  # how often the run looks for stores that became due (a query each)


class Run:
    """A run's time budget, shared by its lanes.

    After the deadline a lane starts no new send, except while another lane is still waiting
    for an answer it asked for before the deadline: the run ends then anyway, so the fast
    stores keep going instead of idling behind a slow one.
    """

    def __init__(self, budget_seconds: float):
        self.deadline = time.monotonic() + budget_seconds
        self._stragglers = 0
        self._lock = threading.Lock()

    def may_send(self) -> bool:
        """Whether a lane may start sending another report."""
        return time.monotonic() < self.deadline or self._stragglers > 0

    def remaining(self) -> float:
        """Seconds to the deadline (0 after it)."""
        return max(0.0, self.deadline - time.monotonic())

    @contextlib.contextmanager
    def sending(self):
        """Around one send: one begun before the deadline keeps the other lanes going."""
        before = time.monotonic() < self.deadline
        if before:
            with self._lock:
                self._stragglers += 1
        try:
            yield
        finally:
            if before:
                with self._lock:
                    self._stragglers -= 1


class _Gate:
    """What a lane's batch asks before each send: the run's time, and the report's lease."""

    def __init__(self, run: Run, holder: Holder):
        self.may_send, self.sending = run.may_send, run.sending
        self.usable, self.done = holder.usable, holder.drop


def run_lanes(clock, worker: str, budget_seconds: float, batch: int, lanes: int) -> dict:
    """Deliver due reports store by store, in parallel lanes, until none is due or time is up.

    `clock()` is the time: what became due during the run goes in the same run. The counts
    say `unfinished` when the run was stopped by its time rather than for want of work.
    """
    app = current_app._get_current_object()
    run, counts, running, idle = Run(budget_seconds), {}, {}, set()
    with Holder(app, worker, clock) as holder, ThreadPoolExecutor(lanes) as pool:
        while True:
            for location_id in [k for k, f in running.items() if f.done()]:
                result = _result(running.pop(location_id), location_id)
                if not result:
                    idle.add(location_id)  # nothing left it could claim: not again this run
                for status, count in result.items():
                    counts[status] = counts.get(status, 0) + count
            if run.may_send() and len(running) < lanes:
                for location_id in due_stores(clock(), lanes - len(running),
                                              exclude=running.keys() | idle):
                    running[location_id] = pool.submit(
                        _lane, app, location_id, clock, worker, batch, run, holder)
                db.session.rollback()  # end the read: no snapshot held while lanes write
            if not running:
                if not run.may_send():  # stopped by its time, not for want of work
                    counts[UNFINISHED] = 1
                return counts
            wait(running.values(), timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)


def _result(future, location_id) -> dict:
    """A finished lane's counts; a crashed lane's reports are retried when their leases end."""
    try:
        return future.result()
    except Exception:
        log.exception("delivery lane of store %s crashed", location_id)
        return {"crashed": 1}


def _lane(app, location_id, clock, worker, batch, run, holder) -> dict:
    """Claim and send one store's reports in its own app context (its own session)."""
    counts, average, stores = {}, None, {}
    with app.app_context():
        while run.may_send():
            # As many as fit in what is left of the run at this store's pace (at least one).
            size = batch if average is None else max(1, min(batch, int(run.remaining() / average)))
            started = time.monotonic()
            ids = claim(clock(), worker, size, location_id)
            if not ids:
                break
            holder.add(ids, started)
            try:
                sent = deliver_batch(ids, worker, gate=_Gate(run, holder), clock=clock,
                                     stores=stores)
                give_back(sent.unsent, worker)
            finally:  # sent, given back, or (after a crash) left to run out: renew none of them
                for delivery_id in ids:
                    holder.drop(delivery_id)
            for status, count in sent.counts.items():
                counts[status] = counts.get(status, 0) + count
            if sent.attempted:
                pace = (time.monotonic() - started) / sent.attempted
                average = pace if average is None else (average + pace) / 2
    return counts
