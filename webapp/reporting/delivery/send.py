"""One attempt at delivering one claimed report."""
import logging
import time

from sqlalchemy import select

from webapp.biotrack import (AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials,
                             NotFound, RateLimited, Unavailable, ValidationFailed)
from webapp.biotrack.app import get_client
from webapp.credentials import mark_invalid
from webapp.extensions import db
from webapp.integration.store import grant_of, usable_authorization
from webapp.models import Delivery, DeliveryAttempt, utcnow
from webapp.reporting.delivery import alerts, outcomes
from webapp.reporting.delivery.credentials import choose
from webapp.reporting.delivery.payloads import payload_of

log = logging.getLogger(__name__)
NO_AUTHORIZATION = ("{store} has no active BioTrack authorization: renew it on Config Page > "
                    "Integration. Reports wait and are sent once it is renewed.")


def deliver(delivery_id: int, worker: str, now=None) -> str:
    """Send one leased delivery and record what happened; returns the new status."""
    now = now or utcnow()
    delivery = db.session.scalar(select(Delivery).where(Delivery.id == delivery_id,
                                                        Delivery.leased_by == worker))
    if delivery is None:  # the lease expired and another worker took it
        db.session.rollback()
        return "lost"
    action, location = delivery.action, delivery.action.location
    auth = usable_authorization(location)
    if auth is None:
        outcomes.pause_location(delivery, None, NO_AUTHORIZATION.format(store=location.name),
                                "authorization_missing")
        alerts.location_paused(location, None, NO_AUTHORIZATION.format(store=location.name))
        db.session.commit()
        return delivery.status
    choice = choose(delivery, auth)
    if choice.creds is None:
        outcomes.needs_attention(delivery, choice.reason, "linked_credential_invalid")
        db.session.commit()
        return delivery.status
    delivery.attempts += 1
    attempt = DeliveryAttempt(delivery_id=delivery.id, started_at=now, worker=worker,
                              request_id=delivery.request_id, reported_as=choice.creds.username)
    started = time.monotonic()
    try:
        result = get_client().report(
            action.kind, grant=grant_of(auth), creds=choice.creds,
            request_id=delivery.request_id, external_id=action.external_id,
            performed_at=action.performed_at,
            payload=payload_of(action, delivery.depends_on.biotrack_id
                               if delivery.depends_on else None))
    except BioTrackError as error:
        _failure(delivery, auth, choice, error, now)
        attempt.outcome, attempt.error_code, attempt.message = (
            delivery.status, error.code, error.message[:500])
    except Exception as error:  # a bug must not lose the report: retry it, loudly
        log.exception("delivery %s crashed", delivery.id)
        outcomes.retry(delivery, now, "TraceBridge hit an internal error sending this report; "
                                      "it will be retried.", "internal_error")
        attempt.outcome, attempt.error_code, attempt.message = ("retrying", "internal_error",
                                                                type(error).__name__)
    else:
        outcomes.delivered(delivery, result, choice, now)
        attempt.outcome, attempt.message = "delivered", (
            "BioTrack had recorded it already (same RequestID)" if result.replayed else None)
    attempt.duration_ms = int((time.monotonic() - started) * 1000)
    db.session.add(attempt)
    db.session.commit()
    return delivery.status


def _failure(delivery, auth, choice, error, now) -> None:
    """Turn a BioTrack failure into the delivery's next state."""
    location = delivery.action.location
    if isinstance(error, (Unavailable, RateLimited)):
        outcomes.retry(delivery, now, f"BioTrack did not answer: {error.message}", error.code,
                       getattr(error, "retry_after", None))
    elif isinstance(error, AuthorizationInvalid):
        message = f"BioTrack refused {location.name}'s integrator grant ({error.message}). " \
                  "Renew it on Config Page > Integration; waiting reports are then sent."
        auth.last_error = message
        outcomes.pause_location(delivery, auth.grant_id, message, error.code)
        alerts.location_paused(location, auth.grant_id, message)
    elif isinstance(error, InvalidCredentials) and choice.source == "linked":
        mark_invalid(choice.linked, error.code, error.message, now=now)
        outcomes.needs_attention(delivery, f"BioTrack refused {choice.creds.username}: "
                                           f"{error.message}", error.code)
    elif isinstance(error, InvalidCredentials):
        message = f"BioTrack refused {location.name}'s default credentials " \
                  f"({choice.creds.username}): {error.message} Deactivate them and register " \
                  "new ones on Config Page > Integration."
        auth.last_error = message
        outcomes.pause_location(delivery, auth.grant_id, message, error.code)
        alerts.location_paused(location, auth.grant_id, message)
    elif isinstance(error, (ValidationFailed, NotFound, Conflict)):
        fields = getattr(error, "fields", None) or {}
        detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
        outcomes.failed(delivery, f"BioTrack refused it: {error.message}"
                                  + (f" ({detail})" if detail else ""), error.code)
    elif (error.status or 0) >= 500:
        outcomes.retry(delivery, now, f"BioTrack failed: {error.message}", error.code)
    else:
        outcomes.failed(delivery, f"BioTrack refused it: {error.message}", error.code)
