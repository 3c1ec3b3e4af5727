"""Attribution coverage: how many of an employee's reported actions went out as themselves."""
from webapp.delivery import figures


def coverage(location) -> dict[int, tuple[int, int]]:
    """{user id: (reported as themselves, reported in all)} over the last 30 days.

    Read from the per-day delivered figures: a few rows per performer and day, not the history.
    """
    return figures.coverage(location, days=30)


def store_share(by_user: dict) -> tuple[int, int]:
    """The whole store's (as themselves, all) from the per-user figures."""
    return (sum(v[0] for v in by_user.values()), sum(v[1] for v in by_user.values()))
