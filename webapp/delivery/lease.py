"""Keeping a worker's leases alive for as long as it holds the reports, however slow BioTrack is.

A lease is short (a dead worker's reports are free again soon), so while a worker holds
reports a heartbeat thread renews them every third of a lease. A report is only sent while its
lease is known to run for at least half a lease more: if the heartbeat could not renew it (the
database was unreachable, or another worker took it after an expiry), it is not sent, and an
answer already on its way is not recorded (the outcome write is a compare-and-set on the
lease).
"""
import logging
import threading
import time

from webapp.delivery.claim import lease_length, renew

log = logging.getLogger(__name__)


class Holder:
    """The reports a worker holds, each with the (monotonic) time its lease is known to last."""

    def __init__(self, app, worker: str, clock):
        self.app, self.worker, self.clock = app, worker, clock
        self.seconds = lease_length().total_seconds()
        self._held: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{worker}", daemon=True)

    def __enter__(self):
        """Start renewing."""
        self._thread.start()
        return self

    def __exit__(self, *exc):
        """Stop renewing (what is still held runs out by itself)."""
        self._stop.set()
        self._thread.join()

    def add(self, ids, claimed_at: float) -> None:
        """Reports just claimed; `claimed_at` is the monotonic time before the claim."""
        with self._lock:
            self._held.update(dict.fromkeys(ids, claimed_at + self.seconds))

    def usable(self, delivery_id: int) -> bool:
        """Held, with a lease that outlasts the next renewals by a margin."""
        with self._lock:
            until = self._held.get(delivery_id)
        return until is not None and until - time.monotonic() > self.seconds / 2

    def drop(self, delivery_id: int) -> None:
        """The report's outcome is written (its lease given up with it)."""
        with self._lock:
            self._held.pop(delivery_id, None)

    def _beat(self) -> None:
        """Every third of a lease, renew what is held; forget what was taken away."""
        while not self._stop.wait(self.seconds / 3):
            with self._lock:
                ids = set(self._held)
            if not ids:
                continue
            started = time.monotonic()
            try:
                with self.app.app_context():
                    kept = renew(ids, self.worker, self.clock() + lease_length())
            except Exception:  # the database is away: the reports are not sent until it is back
                log.exception("delivery worker %s could not renew its leases", self.worker)
                continue
            with self._lock:
                for delivery_id in ids & self._held.keys():
                    if delivery_id in kept:
                        self._held[delivery_id] = started + self.seconds
                    else:
                        del self._held[delivery_id]
