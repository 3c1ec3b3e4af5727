"""The sandbox clock: real time plus an offset that tests can move (kept in the database)."""
import time
from datetime import datetime, timezone

from flask import g

from . import db


def offset() -> float:
    """Seconds the sandbox clock runs ahead of real time (read once per request)."""
    if "clock_offset" not in g:
        g.clock_offset = float(db.get_setting("clock_offset", "0"))
    return g.clock_offset


def now() -> float:
    """Current sandbox time as Unix seconds."""
    return time.time() + offset()


def set_offset(seconds: float) -> None:
    """Move the clock for every worker."""
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('clock_offset', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (repr(float(seconds)),),
        )
    g.clock_offset = float(seconds)


def rfc3339(ts: float | None) -> str | None:
    """Format Unix seconds as RFC 3339 in UTC, the way the API answers times."""
    if ts is None:
        return None
    return datetime.fromtimestamp(int(ts), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
