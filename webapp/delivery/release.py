"""Letting waiting reports go again once what held them is fixed."""
from sqlalchemy import select, update

from webapp.credentials import linked_credential
from webapp.extensions import db
from webapp.config_page.integration.authorizations import usable_authorization
from webapp.models import Action, Delivery, Location, User, utcnow
from webapp.models.reporting import NEEDS_ATTENTION, PAUSED, QUEUED


def release(now=None) -> dict:
    """Requeue paused reports of stores that can report again, and needs-attention reports
    whose performer's linked credential works again (or an admin chose the default user)."""
    now = now or utcnow()
    resumed = 0
    paused = db.session.execute(select(Delivery.location_id, Delivery.paused_grant_id).where(
        Delivery.status == PAUSED).distinct()).all()
    for location_id, paused_grant in paused:
        auth = usable_authorization(db.session.get(Location, location_id))
        # A new grant, or the same one tested good since (a passing Test connection clears it).
        if auth is not None and (auth.grant_id != paused_grant or auth.last_error is None):
            resumed += _requeue(Delivery.location_id == location_id,
                                Delivery.status == PAUSED, now=now)
    fixed = _requeue(Delivery.status == NEEDS_ATTENTION, Delivery.send_as_default.is_(True),
                     now=now)
    # One credential lookup per performer and store, however many of their reports wait.
    waiting = db.session.execute(select(Action.performed_by_id, Action.location_id).join(
        Delivery).where(Delivery.status == NEEDS_ATTENTION).distinct()).all()
    for user_id, location_id in waiting:
        if linked_credential(db.session.get(User, user_id),
                             db.session.get(Location, location_id)) is not None:
            fixed += _requeue(Delivery.status == NEEDS_ATTENTION,
                              Delivery.location_id == location_id,
                              Delivery.action_id.in_(select(Action.id).where(
                                  Action.performed_by_id == user_id)), now=now)
    db.session.commit()
    return {"resumed": resumed, "released": fixed}


def _requeue(*conditions, now) -> int:
    """Make matching deliveries due now (compare-and-set on their status)."""
    return db.session.execute(update(Delivery).where(*conditions).values(
        status=QUEUED, next_attempt_at=now, paused_grant_id=None,
        updated_at=now)).rowcount
