"""What a delivery becomes after an attempt: delivered, retried later, paused, or stopped."""
import random
from datetime import timedelta

from sqlalchemy import update

from webapp.config import RETRY_BASE_SECONDS, RETRY_CAP_SECONDS
from webapp.extensions import db
from webapp.models import Delivery, utcnow
from webapp.models.reporting import (DELIVERED, DUE_STATES, FAILED, NEEDS_ATTENTION, PAUSED,
                                     RETRYING)


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff with jitter (so many retries do not arrive together)."""
    if retry_after:
        return timedelta(seconds=min(float(retry_after), RETRY_CAP_SECONDS))
    delay = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))


def _finish(delivery: Delivery, **values) -> None:
    """Apply the outcome and give up the lease."""
    values.update(lease_until=None, leased_by=None, updated_at=utcnow())
    for key, value in values.items():
        setattr(delivery, key, value)


def delivered(delivery, result, choice, now) -> None:
    """BioTrack recorded it (or had already: a replayed RequestID)."""
    _finish(delivery, status=DELIVERED, biotrack_id=str(result.biotrack_id), delivered_at=now,
            reported_as=choice.creds.username, credential_source=choice.source,
            credential_reason=choice.reason, last_error=None, last_error_code=None)


def retry(delivery, now, error, code, retry_after=None) -> None:
    """A passing failure: try again later with the same RequestID."""
    _finish(delivery, status=RETRYING, last_error=error, last_error_code=code,
            next_attempt_at=now + backoff(delivery.attempts, retry_after))


def failed(delivery, error, code) -> None:
    """BioTrack refused the content: it needs a correction before it is sent again."""
    _finish(delivery, status=FAILED, last_error=error, last_error_code=code)


def needs_attention(delivery, error, code) -> None:
    """The performer's own credentials do not work: never sent as someone else silently."""
    _finish(delivery, status=NEEDS_ATTENTION, last_error=error, last_error_code=code)


def pause_location(delivery, grant_id, error, code) -> int:
    """The store cannot report (grant or default credentials refused): hold all its reports.

    Returns how many waiting reports of the store were paused besides this one.
    """
    _finish(delivery, status=PAUSED, last_error=error, last_error_code=code,
            paused_grant_id=grant_id)
    return db.session.execute(update(Delivery).where(
        Delivery.location_id == delivery.location_id, Delivery.id != delivery.id,
        Delivery.status.in_(DUE_STATES), Delivery.lease_until.is_(None),
    ).values(status=PAUSED, last_error=error, last_error_code=code, paused_grant_id=grant_id,
             updated_at=utcnow())).rowcount
