"""The store-time formatter (cached day labels) says what strftime says, DST changes included."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.timefmt import format_local, local

ZONES = ("America/New_York", "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kathmandu",
         "UTC", "Not/AZone")


def _reference(instant, zone_name, with_time=True):
    value = local(instant, zone_name)
    date = f"{value:%b} {value.day}, {value.year}"
    if not with_time:
        return f"{date} ({value:%Z})"
    hour = value.hour % 12 or 12
    return f"{date}, {hour}:{value:%M} {'AM' if value.hour < 12 else 'PM'} {value:%Z}"


@settings(max_examples=300, deadline=None)
@given(seconds=st.integers(0, 40 * 365 * 86400), zone_name=st.sampled_from(ZONES),
       with_time=st.booleans())
def test_matches_strftime(seconds, zone_name, with_time):
    """Any instant of 40 years, in zones with DST, half-hour DST and 45-minute offsets."""
    instant = datetime(2000, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    assert format_local(instant, zone_name, with_time) == _reference(instant, zone_name,
                                                                      with_time)


def test_around_new_yorks_dst_change():
    """Every minute of the night the clocks go back, and the same day again (cached)."""
    start = datetime(2026, 11, 1, 4, 0, tzinfo=timezone.utc)
    for minute in range(0, 4 * 60):
        instant = start + timedelta(minutes=minute)
        assert format_local(instant, "America/New_York") == _reference(instant,
                                                                       "America/New_York")
    # 1:30 AM twice: first daylight time (05:30 UTC), then, an hour later, standard time.
    assert format_local(datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc),
                        "America/New_York") == "Nov 1, 2026, 1:30 AM EDT"
    assert format_local(datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc),
                        "America/New_York") == "Nov 1, 2026, 1:30 AM EST"
