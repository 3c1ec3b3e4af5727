"""Throttling counts kept in the worker's memory, expired by the requests that count.

limits' own `memory://` storage drops expired counters from a timer thread that lives 10 ms:
while requests are being counted it starts a new one every 10 ms, and the thread starts and
wake-ups cost a point of sale ~80 µs per API call (8% of recording a sale, measured). Here the
counting request itself drops expired counters, at most once a second; a counter past its
window is never read either way (the storage checks expiry on every read).
"""
import time

from limits.storage import MemoryStorage

SWEEP_EVERY = 1.0  # seconds between two sweeps of expired counters
URI = "worker-memory://"  # the default RATELIMIT_STORAGE_URI


class WorkerMemoryStorage(MemoryStorage):
    """`worker-memory://`: limits' memory storage without its timer threads (registered with
    limits by being defined)."""

    STORAGE_SCHEME = [URI.removesuffix("://")]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the one the parent starts; nothing schedules another
        self.timer.join()
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        """Called by every count: sweep in line when a second has passed since the last."""
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY
            self._MemoryStorage__expire_events()
