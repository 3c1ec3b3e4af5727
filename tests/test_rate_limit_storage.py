"""Throttling counts in the worker's memory: no timer thread per count, expired counts dropped."""
import threading
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from webapp import rate_limit_storage
from webapp.extensions import limiter
from webapp.rate_limit_storage import WorkerMemoryStorage


def _timers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive()]


def test_the_app_counts_in_worker_memory(app):
    """The default RATELIMIT_STORAGE_URI is this storage."""
    assert app.config["RATELIMIT_STORAGE_URI"] == "worker-memory://"
    assert isinstance(limiter.limiter.storage, WorkerMemoryStorage)


def test_counting_starts_no_thread():
    """limits' own memory storage keeps a 10 ms timer thread going while requests are counted
    (the control); this one counts without any."""
    limit = parse("200 per minute")
    theirs = FixedWindowRateLimiter(MemoryStorage())
    theirs.hit(limit, "control")
    assert _timers()  # what this storage exists to avoid
    time.sleep(0.05)  # let the control's timer finish
    ours = FixedWindowRateLimiter(WorkerMemoryStorage())
    for n in range(200):
        assert ours.hit(limit, "token", "1")
    assert not _timers()
    assert not ours.hit(limit, "token", "1")  # the 201st is over the limit


def test_expired_counts_are_dropped_by_a_later_count(monkeypatch):
    """A counter past its window reads 0 at once and is removed by the next sweep."""
    storage = WorkerMemoryStorage()
    storage.incr("a", expiry=0.01)
    storage.incr("b", expiry=60)
    time.sleep(0.02)
    monkeypatch.setattr(rate_limit_storage, "SWEEP_EVERY", 0.0)
    storage._next_sweep = 0.0
    storage.incr("b", expiry=60)
    assert "a" not in storage.storage and storage.get("b") == 2
