"""Attribution coverage: how many of an employee's reported actions went out as themselves."""
from datetime import timedelta

from sqlalchemy import case, func, select

from webapp.extensions import db
from webapp.models import Action, Delivery, utcnow
from webapp.models.reporting import DELIVERED

WINDOW = timedelta(days=30)


def coverage(location, now=None) -> dict[int, tuple[int, int]]:
    """{user id: (reported as themselves, reported in all)} over the last 30 days, one query."""
    since = (now or utcnow()) - WINDOW
    rows = db.session.execute(select(
        Action.performed_by_id, func.count(Delivery.id),
        func.sum(case((Delivery.credential_source == "linked", 1), else_=0)),
    ).join(Delivery).where(Action.location_id == location.id, Action.performed_at >= since,
                           Delivery.status == DELIVERED).group_by(Action.performed_by_id))
    return {user_id: (int(linked or 0), int(total)) for user_id, total, linked in rows}


def store_share(by_user: dict) -> tuple[int, int]:
    """The whole store's (as themselves, all) from the per-user figures."""
    return (sum(v[0] for v in by_user.values()), sum(v[1] for v in by_user.values()))
