"""What a report becomes after an attempt, written as one compare-and-set UPDATE."""
from datetime import timedelta

from sqlalchemy import bindparam, update

from webapp.backoff import delay as backoff_delay
from webapp.config import RETRY_BASE_SECONDS, RETRY_CAP_SECONDS
from webapp.extensions import db
from webapp.models import Delivery
from webapp.models.reporting import (DELIVERED, DUE_STATES, FAILED, NEEDS_ATTENTION, PAUSED,
                                     RETRYING)
from webapp.delivery import figures


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff with jitter (so many retries do not arrive together)."""
    if retry_after:
        return timedelta(seconds=min(float(retry_after), RETRY_CAP_SECONDS))
    return backoff_delay(attempts, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS, jitter=0.5)


_table = Delivery.__table__
_statements = {}


def _statement(columns: frozenset):
    """One prepared UPDATE per set of columns (a handful): built once, not per report."""
    if columns not in _statements:
        _statements[columns] = _table.update().where(
            _table.c.id == bindparam("_id"), _table.c.leased_by == bindparam("_worker")
        ).values({name: bindparam(name) for name in columns})
    return _statements[columns]


def record(item, worker, now, **values) -> bool:
    """Write the outcome and give up the lease, if this worker still holds it.

    Core with prepared statements: this runs once per report on the delivery hot path.
    """
    values.update(lease_until=None, leased_by=None, updated_at=now)
    statement = _statement(frozenset(values))
    written = bool(db.session.connection().execute(
        statement, dict(values, _id=item.delivery_id, _worker=worker)).rowcount)
    if written and values["status"] == DELIVERED:
        # Counted once, in the same transaction: only the lease holder gets here.
        figures.count_delivered(item.location_id, item.time_zone, item.performer_id,
                                values.get("credential_source"), now)
    return written


def delivered(now, result, choice, attempts) -> dict:
    """BioTrack recorded it (or had already: a replayed RequestID)."""
    return dict(status=DELIVERED, biotrack_id=str(result.biotrack_id), delivered_at=now,
                reported_as=choice.creds.username, credential_source=choice.source,
                credential_reason=choice.reason, last_error=None, last_error_code=None,
                attempts=attempts)


def retry(now, attempts, error, code, retry_after=None) -> dict:
    """A passing failure: try again later with the same RequestID."""
    return dict(status=RETRYING, last_error=error, last_error_code=code, attempts=attempts,
                next_attempt_at=now + backoff(attempts, retry_after))


def failed(attempts, error, code) -> dict:
    """BioTrack refused the content: it needs a correction before it is sent again."""
    return dict(status=FAILED, last_error=error, last_error_code=code, attempts=attempts)


def needs_attention(error, code, attempts) -> dict:
    """The performer's own credentials do not work: never sent as someone else silently."""
    return dict(status=NEEDS_ATTENTION, last_error=error, last_error_code=code,
                attempts=attempts)


def paused(grant_id, error, code, attempts) -> dict:
    """The store cannot report: held until it can."""
    return dict(status=PAUSED, last_error=error, last_error_code=code, paused_grant_id=grant_id,
                attempts=attempts)


def pause_waiting(location_id, grant_id, error, code, now) -> int:
    """Hold the store's other waiting (unleased) reports too; returns how many."""
    return db.session.execute(update(Delivery).where(
        Delivery.location_id == location_id, Delivery.status.in_(DUE_STATES),
        Delivery.lease_until.is_(None),
    ).values(status=PAUSED, last_error=error, last_error_code=code, paused_grant_id=grant_id,
             updated_at=now), execution_options={"synchronize_session": False}).rowcount
