"""Fixing many reports in one step: retry them, or send them as the store's default user.

Each step is a few set-based UPDATEs (compare-and-set on the status, so a report that moved on
meanwhile is left alone) and one audit event naming every report it changed.
"""
from sqlalchemy import or_, select, update

from webapp import audit
from webapp.extensions import db
from webapp.models import Action, Delivery, utcnow
from webapp.models.reporting import FAILED, NEEDS_ATTENTION, PAUSED, QUEUED, RETRYING
from webapp.delivery_log.query import Filters, conditions

WAITING = (RETRYING, PAUSED, NEEDS_ATTENTION, QUEUED)
MAX_SELECTED = 500
AUDITED_IDS = 1000  # the event lists this many ids; its count is always exact


def chosen(location, *, ids=None, filters: Filters | None = None):
    """The action ids of the store a step applies to: the selected ones, or all that match."""
    if filters is not None:
        return select(Action.id).join(Delivery, Delivery.action_id == Action.id).where(
            *conditions(location, filters))
    return select(Action.id).where(Action.location_id == location.id,
                                   Action.id.in_(list(ids or [])[:MAX_SELECTED]))


def _requeue(location, targets, statuses, now, **values):
    """Make the store's targeted reports in these states due now; returns their action ids."""
    statement = update(Delivery).where(
        Delivery.location_id == location.id, Delivery.status.in_(statuses),
        Delivery.action_id.in_(targets.scalar_subquery()),
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
    ).values(status=QUEUED, next_attempt_at=now, lease_until=None, leased_by=None,
             paused_grant_id=None, updated_at=now, **values).returning(Delivery.action_id)
    return list(db.session.scalars(statement,
                                   execution_options={"synchronize_session": False}))


def retry(location, actor, targets, filters: Filters | None = None) -> int:
    """Waiting reports are tried now (same request); failed ones go again as a new request."""
    now = utcnow()
    waiting = _requeue(location, targets, WAITING, now)
    resent = _requeue(location, targets, (FAILED,), now, revision=Delivery.revision + 1,
                      attempts=0)
    _audit("report.bulk_retried", location, actor, waiting + resent, filters,
           f"{len(waiting + resent)} reports retried ({len(resent)} failed ones re-sent)",
           {"retried_now": len(waiting), "resent": len(resent)})
    db.session.commit()
    return len(waiting) + len(resent)


def send_as_default(location, actor, targets, filters: Filters | None = None) -> int:
    """An admin's choice for reports waiting on their performer's account (audited)."""
    sent = _requeue(location, targets, (NEEDS_ATTENTION,), utcnow(), send_as_default=True)
    _audit("report.bulk_send_as_default", location, actor, sent, filters,
           f"{len(sent)} reports to be sent as the default user", {})
    db.session.commit()
    return len(sent)


def _audit(name, location, actor, action_ids, filters, summary, extra) -> None:
    """One event for the step, with what it changed and how it was chosen."""
    if not action_ids:
        return
    details = {"count": len(action_ids), "action_ids": sorted(action_ids)[:AUDITED_IDS],
               "chosen_by": "filter" if filters is not None else "selection", **extra}
    if filters is not None:
        details["filters"] = filters.as_args()
    audit.record(name, organization_id=location.organization_id, location_id=location.id,
                 actor=actor, summary=summary, details=details)
