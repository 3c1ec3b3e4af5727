"""The /metrics page: who may read it, and what it holds.

Process metrics (BioTrack latency, delivery attempts) live in the process that measured them.
With PROMETHEUS_MULTIPROC_DIR set to a directory shared by the web workers, the scheduler and
the delivery workers of a host (emptied before they start), every scrape adds them all up;
without it, a scrape shows only the answering process's own. Database metrics are read at
scrape time, so they are whole either way.
"""
import hmac
import os

from flask import current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client import multiprocess

from webapp.operations.gauges import DatabaseCollector


def authorized() -> tuple[bool, str]:
    """Whether the request carries METRICS_TOKEN as a bearer token (and why not)."""
    expected = current_app.config.get("METRICS_TOKEN")
    if not expected:
        return False, "metrics are off: set METRICS_TOKEN and send it as a bearer token"
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             expected.encode()):
        return False, "send METRICS_TOKEN as 'Authorization: Bearer <token>'"
    return True, ""


def render() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return generate_latest(processes) + generate_latest(database), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """Gunicorn's child_exit hook: drop a dead worker's live gauges (counters are kept)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)
