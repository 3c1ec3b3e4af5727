"""Working off due deliveries: the scheduler's job and the `deliver` command both use this."""
import logging
import os
import socket
import time

from webapp.config import DELIVERY_BATCH
from webapp.models import utcnow
from webapp.reporting.delivery.claim import claim
from webapp.reporting.delivery.release import release
from webapp.reporting.delivery.send import deliver_batch

log = logging.getLogger(__name__)


def worker_name() -> str:
    """host:pid, so a lease says which process holds it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def drain(now=None, *, worker=None, budget_seconds: float = 5.0,
          batch: int = DELIVERY_BATCH) -> dict:
    """Release what may go again, then deliver due reports until none is due or time is up."""
    worker = worker or worker_name()
    counts = release(now)
    deadline = time.monotonic() + budget_seconds
    while time.monotonic() < deadline:
        ids = claim(now or utcnow(), worker, batch)
        if not ids:
            break
        for status, count in deliver_batch(ids, worker, now).items():
            counts[status] = counts.get(status, 0) + count
    return counts


def run_forever(stop, *, idle_seconds: float = 1.0, worker=None) -> None:
    """The `deliver` command's loop: drain, rest when idle, stop when `stop()` says so."""
    worker = worker or worker_name()
    log.info("delivery worker %s started", worker)
    while not stop():
        counts = drain(worker=worker, budget_seconds=10.0)
        worked = sum(v for k, v in counts.items() if k not in ("resumed", "released"))
        if worked:
            log.info("delivery worker %s: %s", worker, counts)
        else:
            time.sleep(idle_seconds)
    log.info("delivery worker %s stopped", worker)
