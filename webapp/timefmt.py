"""Showing instants in a store's time zone, always with the zone."""
from datetime import datetime
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
    date = f"{value:%b} {value.day}, {value.year}"
    if not with_time:
        return f"{date} ({value:%Z})"
    hour = value.hour % 12 or 12
    return f"{date}, {hour}:{value:%M} {'AM' if value.hour < 12 else 'PM'} {value:%Z}"
