"""What the delivery log's CSV holds: its columns, one row's cells, the file's name."""
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
    """The shown time, in the store's zone with the zone."""
    return format_local(instant, time_zone)


def filename(location, suffix: str = "") -> str:
    """biotrack-deliveries-<store>[-<suffix>].csv"""
    name = location.name.lower().replace(" ", "-")
    return f"biotrack-deliveries-{name}{'-' + suffix if suffix else ''}.csv"
