"""Counters of events in whichever process they happen (web worker, scheduler, delivery worker).

With PROMETHEUS_MULTIPROC_DIR set (shared by every process on the host), /metrics adds them up
across processes; see webapp/operations/exposition.py.
"""
from prometheus_client import Counter

DELIVERY_ATTEMPTS = Counter(
    "tracebridge_delivery_attempts",
    "Attempts at sending a report to BioTrack, by the report's status after the attempt",
    ["outcome"])
