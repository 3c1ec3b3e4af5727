"""What the delivery log's CSV holds: its columns, one row's cells, the file's name."""
from functools import lru_cache

from webapp.timefmt import format_local

HEADER = ["performed_at", "kind", "external_id", "performed_by", "status", "reported_as",
          "credential_source", "why", "attempts", "last_error", "biotrack_id", "delivered_at"]


def cells(row, time_zone: str) -> list:
    """One export row (plain columns, in HEADER order) as CSV cells, times in the store's zone."""
    (performed_at, kind, external_id, email, status, reported_as, source, reason, attempts,
     last_error, biotrack_id, delivered_at) = row
    return [_when(performed_at, time_zone), kind, external_id, email, status,
            reported_as or "", source or "", reason or "", attempts, last_error or "",
            biotrack_id or "", _when(delivered_at, time_zone) if delivered_at else ""]


def _when(instant, time_zone: str) -> str:
    """The shown time (to the minute): most of a store's rows share their minute with the
    next one, and formatting in a zone is the export's costliest step."""
    return _minute(instant.replace(second=0, microsecond=0), time_zone)


@lru_cache(maxsize=4096)
def _minute(minute, time_zone: str) -> str:
    return format_local(minute, time_zone)


def filename(location, suffix: str = "") -> str:
    """biotrack-deliveries-<store>[-<suffix>].csv"""
    name = location.name.lower().replace(" ", "-")
    return f"biotrack-deliveries-{name}{'-' + suffix if suffix else ''}.csv"
