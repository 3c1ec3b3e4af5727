"""Working off due deliveries: the scheduler's job and the `deliver` command both use this."""
import logging
import os
import socket
import time
from datetime import timedelta

from flask import current_app

from webapp.config import DELIVERY_BATCH, DELIVERY_LANES
from webapp.extensions import db
from webapp.models import utcnow
from webapp.delivery.lanes import run_lanes
from webapp.delivery.release import release

log = logging.getLogger(__name__)


def worker_name() -> str:
    """host:pid, so a lease says which process holds it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def drain(now=None, *, worker=None, budget_seconds: float = 5.0,
          batch: int = DELIVERY_BATCH) -> dict:
    """Release what may go again, then deliver due reports until none is due or time is up.

    `now` (tests move it) is when the run starts; the run's clock advances from it, so
    reports queued during a run are sent in it.
    """
    worker = worker or worker_name()
    counts = release(now)
    started = time.monotonic()
    clock = utcnow if now is None else (lambda: now + timedelta(seconds=time.monotonic() - started))
    lanes = current_app.config.get("DELIVERY_LANES") or DELIVERY_LANES
    for status, count in run_lanes(clock, worker, budget_seconds, batch, int(lanes)).items():
        counts[status] = counts.get(status, 0) + count
    db.session.commit()  # what the lanes wrote is read fresh by the caller
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
