"""The expiry check: warn before a store's BioTrack authorization lapses, and when it has.

Each run finds, with ONE indexed query, the current authorizations that have reached a
warning threshold (30, 14, 7, 3, 1 days left, or expired) with no warning recorded for it
yet; records the warnings in a ledger whose unique key (authorization, expires_at,
threshold) lets only one of two racing schedulers win each; marks the winners `expiring` or
`expired`; and queues their e-mails, all in one transaction (per batch of 1,000 stores, so
the first run after deploying never holds the database for long). A renewal changes
expires_at, so warnings start over. A store first seen late gets one warning, for its most
urgent threshold, not a burst of all the ones it passed.
"""
import logging
from datetime import timedelta


from sqlalchemy import and_, case, delete, exists, or_, select, tuple_, update

from webapp import audit
from webapp.config import AUTHORIZATION_LIFETIME_DAYS, EXPIRY_CHECK_MINUTES, EXPIRY_WARNING_DAYS
from webapp.database import insert_ignoring_duplicates
from webapp.extensions import db
from webapp.links import external_url
from webapp.mail import Email, queue_emails
from webapp.models import Authorization, ExpiryWarning, Location, Organization
from webapp.models.integration import ACTIVE, EXPIRED, EXPIRING
from webapp.models.notifications import EXPIRED_THRESHOLD, warning_message_key
from webapp.config_page.notifications.recipients import recipients_for
from webapp.scheduler import scheduled_job
from webapp.timefmt import format_local

log = logging.getLogger(__name__)
THRESHOLDS = tuple(sorted(EXPIRY_WARNING_DAYS))
WATCHED_STATES = (ACTIVE, EXPIRING, EXPIRED)
# Stores per transaction: a first run over thousands of stores never holds SQLite's write
# lock for long, and each batch's UPDATE ... IN (...) stays under its bound-parameter limit.
BATCH = 1000


@scheduled_job("expiry-check", trigger="interval", minutes=EXPIRY_CHECK_MINUTES,
               run_at_start=True)
def check_expiries(now) -> dict:
    """Scheduled job: warn each store once per threshold and mark the state; committed."""
    due = due_warnings(now)
    totals = {"due": len(due), "warned": 0, "marked": 0, "emails": 0}
    if not due:
        return totals
    recipients = recipients_for(row.location_id for row in due)
    nobody = []
    for start in range(0, len(due), BATCH):
        warned, marked, emails = _warn(due[start:start + BATCH], recipients, now)
        totals["warned"] += len(warned)
        totals["marked"] += marked
        totals["emails"] += emails
        nobody += [row.location_id for row in warned if not recipients[row.location_id]]
    if nobody:
        log.warning("expiry warnings for %d store(s) reached nobody (no user with the Config "
                    "Page permission, no extra address): store ids %s", len(nobody), nobody[:20])
    return totals


def _warn(batch, recipients, now) -> tuple[list, int, int]:
    """Record, mark and e-mail one batch of due warnings in one transaction.

    Returns the rows this run won, how many states changed, and how many e-mails it queued.
    """
    won = _drop_renewed(_record_warnings(batch, recipients, now), batch)
    warned = [row for row in batch if row.authorization_id in won]
    marked = _mark_states([row.authorization_id for row in warned], now)
    by_id = {row.authorization_id: row for row in warned}
    audit.record_system_changes([_change(by_id[auth_id], state, now) for auth_id, state in marked])
    emails = queue_emails(_email(row, won[row.authorization_id], recipients[row.location_id],
                                 now) for row in warned if recipients[row.location_id])
    db.session.commit()
    return warned, len(marked), len(emails)


def _threshold(now):
    """SQL: the most urgent threshold an authorization has reached (0 = expired), else NULL."""
    whens = [(Authorization.expires_at <= now, EXPIRED_THRESHOLD)]
    whens += [(Authorization.expires_at <= now + timedelta(days=d), d) for d in THRESHOLDS]
    return case(*whens, else_=None)


def due_warnings(now) -> list:
    """The scan: one query over the (state, expires_at) index, joined to store and owner."""
    threshold = _threshold(now)
    warned = exists().where(ExpiryWarning.authorization_id == Authorization.id,
                            ExpiryWarning.expires_at == Authorization.expires_at,
                            ExpiryWarning.threshold == threshold)
    return db.session.execute(
        select(Authorization.id.label("authorization_id"), Authorization.organization_id,
               Authorization.location_id, Authorization.grant_id, Authorization.license,
               Authorization.expires_at, threshold.label("threshold"),
               Location.name.label("location"), Location.time_zone,
               Organization.name.label("organization"))
        .join(Location, Location.id == Authorization.location_id)
        .join(Organization, Organization.id == Authorization.organization_id)
        .where(Authorization.state.in_(WATCHED_STATES),
               Authorization.expires_at <= now + timedelta(days=max(THRESHOLDS)),
               Location.active.is_(True), ~warned)
        # One order for everyone: two schedulers take the ledger's row locks in the same
        # order on PostgreSQL, so they wait for each other instead of deadlocking.
        .order_by(Authorization.id)).all()


def _days_left(row, now) -> int:
    """Days left as the Config Page counts them (the model's rule, applied to a scan row)."""
    return Authorization.days_left(row, now)


def _record_warnings(due, recipients, now) -> dict[int, int]:
    """Insert the ledger rows; {authorization id: warning id} for those this run won."""
    rows = [{"authorization_id": row.authorization_id, "organization_id": row.organization_id,
             "location_id": row.location_id, "grant_id": row.grant_id,
             "expires_at": row.expires_at, "threshold": row.threshold,
             "days_left": _days_left(row, now), "recipients": recipients[row.location_id],
             "created_at": now} for row in due]
    insert = insert_ignoring_duplicates(db.session.get_bind(), ExpiryWarning)
    return dict(tuple(row) for row in db.session.execute(
        insert.returning(ExpiryWarning.authorization_id, ExpiryWarning.id), rows))


def _drop_renewed(won: dict[int, int], batch) -> dict[int, int]:
    """Forget warnings about a grant renewed since the scan (no stale e-mail is sent).

    Read after this run's first write: on SQLite the write lock keeps it exact; on
    PostgreSQL it leaves a window of microseconds, and _mark_states never marks a grant
    that is far from expiry.
    """
    if not won:
        return won
    scanned = [(row.authorization_id, row.expires_at) for row in batch
               if row.authorization_id in won]
    current = set(db.session.scalars(select(Authorization.id).where(
        tuple_(Authorization.id, Authorization.expires_at).in_(scanned))))
    stale = [warning_id for auth_id, warning_id in won.items() if auth_id not in current]
    if stale:
        db.session.execute(delete(ExpiryWarning).where(ExpiryWarning.id.in_(stale)))
    return {auth_id: warning_id for auth_id, warning_id in won.items() if auth_id in current}


def _mark_states(ids, now) -> list[tuple[int, str]]:
    """Mark active ones `expiring` and lapsed ones `expired`; (id, new state) of those changed."""
    if not ids:
        return []
    stmt = (update(Authorization)
            .where(Authorization.id.in_(ids),
                   Authorization.expires_at <= now + timedelta(days=max(THRESHOLDS)),
                   or_(Authorization.state == ACTIVE,
                       and_(Authorization.state == EXPIRING, Authorization.expires_at <= now)))
            .values(state=case((Authorization.expires_at <= now, EXPIRED), else_=EXPIRING))
            .returning(Authorization.id, Authorization.state))
    return list(db.session.execute(
        stmt, execution_options={"synchronize_session": False}).tuples())


def _change(row, state, now) -> dict:
    """The audit record of a state change the scheduler made (no person did it)."""
    what = ("has expired: reporting to BioTrack has stopped" if state == EXPIRED
            else f"is expiring: {_days_left(row, now)} days left")
    return {"action": f"authorization.{state}", "organization_id": row.organization_id,
            "location_id": row.location_id, "target_type": "Authorization",
            "target_id": str(row.authorization_id),
            "summary": f"BioTrack authorization of {row.location} ({row.license}) {what}",
            "details": {"grant_id": row.grant_id, "expires_at": row.expires_at.isoformat(),
                        "by": "scheduler"}}


def _email(row, warning_id, to, now) -> Email:
    """The warning e-mail of one store."""
    days = _days_left(row, now)
    expired = row.threshold == EXPIRED_THRESHOLD
    if expired:
        subject = f"BioTrack authorization for {row.location} has expired: reporting stopped"
    else:
        subject = (f"BioTrack authorization for {row.location} expires in {days} "
                   f"day{'' if days == 1 else 's'}: renew it now")
    context = {"organization": row.organization, "location": row.location,
               "license": row.license, "days_left": days, "expired": expired,
               "expires_at": format_local(row.expires_at, row.time_zone),
               "renew_url": external_url("integration.index", location=row.location_id),
               "lifetime_days": AUTHORIZATION_LIFETIME_DAYS}
    return Email(to, subject, "expiry_warning", context, warning_message_key(warning_id),
                 row.organization_id, row.location_id)
