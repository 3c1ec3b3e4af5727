"""Showing instants in a store's time zone, always with the zone."""
import functools
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from webapp.models import DEFAULT_TIME_ZONE


def zone(name: str | None) -> ZoneInfo:
    """A ZoneInfo for the name, the default zone if unknown."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def local(dt: datetime | None, time_zone: str | None) -> datetime | None:
    """Convert an aware instant to the zone."""
    return None if dt is None else dt.astimezone(zone(time_zone))


def format_local(dt: datetime | None, time_zone: str | None, with_time: bool = True) -> str:
    """E.g. "Nov 23, 2026, 9:05 AM EST", or "—" for no value."""
    value = local(dt, time_zone)
    if value is None:
        return "—"
    if not with_time:
        return f"{_date_label(value.date())} ({value.tzname()})"
    hour = value.hour % 12 or 12
    return (f"{_date_label(value.date())}, {hour}:{value.minute:02d} "
            f"{'AM' if value.hour < 12 else 'PM'} {value.tzname()}")


@functools.lru_cache(maxsize=1024)
def _date_label(day: date) -> str:
    """"Nov 23, 2026": a store's rows share their day, and strftime is the costly step (exports
    format one time per row)."""
    return f"{day:%b} {day.day}, {day.year}"


# An RFC 3339 instant in UTC, as BioTrack writes them in its messages.
_UTC_INSTANT = re.compile(r"\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|\+00:00)")


def localize_instants(text: str | None, time_zone: str | None) -> str | None:
    """Text with every UTC instant (2026-12-01T23:29:48Z) shown in the store's zone."""
    if not text:
        return text

    def shown(match):
        try:
            instant = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}+00:00")
        except ValueError:
            return match.group(0)
        return format_local(instant, time_zone)
    return _UTC_INSTANT.sub(shown, text)
