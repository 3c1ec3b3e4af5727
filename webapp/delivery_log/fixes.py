"""What people do about reports that did not go: retry, re-send, correct, send as default."""
from webapp import audit
from webapp.extensions import db
from webapp.models import Action, User, utcnow
from webapp.models.reporting import FAILED, NEEDS_ATTENTION, PAUSED, QUEUED, RETRYING
from webapp.action_kinds import normalise
from webapp.validation import FieldError


def _queue(delivery, now) -> None:
    """Due now, nothing leased."""
    delivery.status, delivery.next_attempt_at = QUEUED, now
    delivery.lease_until = delivery.leased_by = None
    delivery.paused_grant_id = None


def retry_now(action: Action, actor: User) -> None:
    """Try a waiting report again at once (the same request: BioTrack cannot record it twice)."""
    delivery = action.delivery
    if delivery.status not in (RETRYING, PAUSED, NEEDS_ATTENTION, QUEUED):
        raise FieldError("form", "Only waiting reports can be retried.")
    _queue(delivery, utcnow())
    _audit("report.retried", action, actor, "retried now")
    db.session.commit()


def resend(action: Action, actor: User, data: dict | None = None) -> None:
    """Send a failed report again as a new request, corrected if data is given."""
    delivery = action.delivery
    if delivery.status != FAILED:
        raise FieldError("form", "Only failed reports can be re-sent.")
    before = action.data
    if data is not None:
        action.data = normalise(action.kind, data)
    delivery.revision += 1
    delivery.attempts = 0
    _queue(delivery, utcnow())
    _audit("report.corrected" if data is not None else "report.resent", action, actor,
           "corrected and re-sent" if data is not None else "re-sent",
           {"before": before, "after": action.data, "revision": delivery.revision})
    db.session.commit()


def send_as_default(action: Action, actor: User) -> None:
    """An admin's choice: report a needs-attention action as the store's default user."""
    delivery = action.delivery
    if delivery.status != NEEDS_ATTENTION:
        raise FieldError("form", "Only reports that need attention can be sent as the "
                                 "default user.")
    delivery.send_as_default = True
    _queue(delivery, utcnow())
    _audit("report.send_as_default", action, actor,
           f"to be sent as the default user instead of {action.performed_by.email}")
    db.session.commit()


def _audit(name, action, actor, what, details=None) -> None:
    """Audit a fix with the action it concerns."""
    audit.record(name, organization_id=action.organization_id, location_id=action.location_id,
                 actor=actor, target=action,
                 summary=f"{action.kind.replace('_', ' ').capitalize()} {action.external_id} "
                         f"{what}", details=details or {})
