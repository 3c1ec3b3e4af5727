"""How long BioTrack takes to answer, by operation (Prometheus; see webapp/operations)."""
from prometheus_client import Histogram

# From a fast answer on loopback to the read timeout (15 s).
BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0)
# Path segments after these are identifiers (a user name, a manifest): one label per route.
IDENTIFIED_BY_NEXT = {"users", "manifest", "invoice"}

REQUEST_SECONDS = Histogram(
    "tracebridge_biotrack_request_seconds",
    "Time BioTrack took to answer one HTTP request (or to fail), by operation and outcome",
    ["operation", "outcome"], buckets=BUCKETS)


def operation(method: str, path: str) -> str:
    """'POST v1/users/{id}/deactivate' for 'POST v1/users/ann@x.test/deactivate'."""
    segments = path.split("?", 1)[0].strip("/").split("/")
    named = [("{id}" if i and segments[i - 1] in IDENTIFIED_BY_NEXT else segment)
             for i, segment in enumerate(segments)]
    return f"{method} {'/'.join(named) or '/'}"


def observe(method: str, path: str, outcome: str, seconds: float) -> None:
    """Record one request's duration; outcome is the status class ('2xx') or the error code."""
    REQUEST_SECONDS.labels(operation(method, path), outcome).observe(seconds)
