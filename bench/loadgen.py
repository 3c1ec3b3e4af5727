"""A loopback load generator: threads of HTTP clients, bounded in requests and in time.

It only ever talks to 127.0.0.1 (the app under test started by the benchmark).
"""
import http.client
import itertools
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    """What a load run achieved."""

    seconds: float
    latencies: list = field(default_factory=list)  # seconds, of the requests answered 2xx
    errors: int = 0
    bodies: list = field(default_factory=list)
    why: Counter = field(default_factory=Counter)  # failed requests by HTTP status or error

    @property
    def rate(self) -> float:
        """Answered requests per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """A latency percentile in seconds (0 without answers)."""
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[
            round(fraction * 100) - 1]


def _connection(base_url: str) -> http.client.HTTPConnection:
    """A connection to the loopback app (it reconnects by itself after `Connection: close`)."""
    parts = urlsplit(base_url)
    if parts.hostname != "127.0.0.1":
        raise ValueError("the load generator only targets 127.0.0.1")
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def _send(conn, method, path, body, headers):
    """One request: (ok, seconds, body bytes)."""
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
    except (OSError, http.client.HTTPException) as error:
        conn.close()
        return False, time.perf_counter() - started, type(error).__name__
    ok = 200 <= response.status < 300
    return ok, time.perf_counter() - started, data if ok else response.status


def _run(base_url, request, threads, seconds, max_requests, pace=None, keep=False) -> Result:
    """Threads take request numbers in turn until time or the count runs out."""
    numbers, lock = itertools.count(), threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    result = Result(seconds)

    def client():
        conn = _connection(base_url)
        while True:
            with lock:
                n = next(numbers)
            if n >= max_requests or time.monotonic() >= deadline:
                break
            if pace:  # open loop: request n leaves at its slot, whatever the answers' pace
                time.sleep(max(0.0, started + n / pace - time.monotonic()))
            ok, latency, data = _send(conn, *request(n))
            with lock:
                if ok:
                    result.latencies.append(latency)
                    if keep:
                        result.bodies.append(data)
                else:
                    result.errors += 1
                    result.why[str(data)] += 1
        conn.close()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    result.seconds = time.monotonic() - started
    return result


def closed_loop(base_url, request, *, clients: int, seconds: float,
                max_requests: int = 100_000) -> Result:
    """`clients` clients, each sending its next request as soon as the last is answered."""
    return _run(base_url, request, clients, seconds, max_requests)


def steady(base_url, request, *, rate: float, seconds: float, threads: int = 32) -> Result:
    """Requests at a steady `rate` per second (open loop), answers kept."""
    return _run(base_url, request, threads, seconds, int(rate * seconds), pace=rate, keep=True)
