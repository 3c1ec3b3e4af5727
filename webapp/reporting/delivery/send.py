"""Delivering a claimed batch: one attempt per report, then one small write each."""
import logging
import time

from webapp.biotrack import (AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials,
                             NotFound, RateLimited, Unavailable, ValidationFailed)
from webapp.biotrack.app import get_client
from webapp.credentials import mark_invalid
from webapp.extensions import db
from webapp.models import Authorization, DeliveryAttempt, LinkedCredential, utcnow
from webapp.reporting.delivery import alerts, outcomes
from webapp.reporting.delivery.batch import load_items, load_performers, load_stores
from webapp.reporting.delivery.credentials import choose, refused_choice
from webapp.action_kinds import report_call, report_payload

log = logging.getLogger(__name__)
_insert_attempt = DeliveryAttempt.__table__.insert()
NO_AUTHORIZATION = ("{store} has no active BioTrack authorization: renew it on Config Page > "
                    "Integration. Reports wait and are sent once it is renewed.")


def deliver_batch(ids: list[int], worker: str, now=None) -> dict:
    """Send every report of the batch; returns counts by resulting status."""
    items = load_items(ids, worker)
    stores, performers = load_stores(items), load_performers(items)
    counts = {}
    for item in items:
        status = _deliver(item, stores[item.location_id], performers, worker, now or utcnow())
        counts[status] = counts.get(status, 0) + 1
    return counts


def _deliver(item, store, performers, worker, now) -> str:
    """One report: hold it, or send it; then record the outcome (one commit)."""
    if store.grant is None or store.paused:
        message, code = store.paused or (NO_AUTHORIZATION.format(store=store.location.name),
                                         "authorization_missing")
        return _record(item, worker, now, _pause(item, store, now, message, code, item.attempts))
    choice = choose(store, item.performer_id, performers, item.send_as_default)
    if choice.creds is None:
        return _record(item, worker, now, outcomes.needs_attention(
            choice.reason, "linked_credential_invalid", item.attempts))
    attempts = item.attempts + 1
    started = time.monotonic()
    try:
        result = get_client().report(
            report_call(item.kind), grant=store.grant, creds=choice.creds, request_id=item.request_id,
            external_id=item.external_id, performed_at=item.performed_at,
            payload=report_payload(item.kind, item.data, item.sale_biotrack_id))
    except BioTrackError as error:
        values = _failure(item, store, performers[item.performer_id], choice, error, now,
                          attempts)
        note = (error.code, error.message)
    except Exception as error:  # a bug must not lose the report: retry it, loudly
        log.exception("delivery %s crashed", item.delivery_id)
        values = outcomes.retry(now, attempts, "TraceBridge hit an internal error sending this "
                                               "report; it will be retried.", "internal_error")
        note = ("internal_error", type(error).__name__)
    else:
        values = outcomes.delivered(now, result, choice, attempts)
        note = (None, "BioTrack had recorded it already (same RequestID)" if result.replayed
                else None)
    db.session.connection().execute(_insert_attempt, dict(
        delivery_id=item.delivery_id, started_at=now, worker=worker, request_id=item.request_id,
        reported_as=choice.creds.username, outcome=values["status"], error_code=note[0],
        message=(note[1] or "")[:500] or None,
        duration_ms=int((time.monotonic() - started) * 1000)))
    return _record(item, worker, now, values)


def _failure(item, store, performer, choice, error, now, attempts) -> dict:
    """The report's next state after a BioTrack failure (and what else that failure means)."""
    name = store.location.name
    if isinstance(error, (Unavailable, RateLimited)):
        return outcomes.retry(now, attempts, f"BioTrack did not answer: {error.message}",
                              error.code, getattr(error, "retry_after", None))
    if isinstance(error, AuthorizationInvalid) or (
            isinstance(error, InvalidCredentials) and choice.source == "default"):
        if isinstance(error, AuthorizationInvalid):
            message = f"BioTrack refused {name}'s integrator grant ({error.message}). Renew it " \
                      "on Config Page > Integration; waiting reports are then sent."
        else:
            message = f"BioTrack refused {name}'s default credentials " \
                      f"({choice.creds.username}): {error.message} Deactivate them and " \
                      "register new ones on Config Page > Integration."
        db.session.get(Authorization, store.authorization_id).last_error = message
        store.paused = (message, error.code)
        return _pause(item, store, now, message, error.code, attempts)
    if isinstance(error, InvalidCredentials):
        mark_invalid(db.session.get(LinkedCredential, choice.linked_id), error.code,
                     error.message, now=now)
        store.choices[performer.id] = refused_choice(performer, choice.creds.username,
                                                     error.message)
        return outcomes.needs_attention(f"BioTrack refused {choice.creds.username}: "
                                        f"{error.message}", error.code, attempts)
    if isinstance(error, (ValidationFailed, NotFound, Conflict)) or (error.status or 0) < 500:
        fields = getattr(error, "fields", None) or {}
        detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
        return outcomes.failed(attempts, f"BioTrack refused it: {error.message}"
                               + (f" ({detail})" if detail else ""), error.code)
    return outcomes.retry(now, attempts, f"BioTrack failed: {error.message}", error.code)


def _pause(item, store, now, message, code, attempts) -> dict:
    """Hold the store's other waiting reports too, and tell its admins (once per cause)."""
    grant_id = store.grant.grant_id if store.grant else None
    outcomes.pause_waiting(item.location_id, grant_id, message, code, now)
    alerts.location_paused(store.location, grant_id, message)
    return outcomes.paused(grant_id, message, code, attempts)


def _record(item, worker, now, values) -> str:
    """Write the outcome (only if the lease is still ours) and commit; returns the status."""
    if not outcomes.record(item, worker, now, **values):
        log.warning("delivery %s: lease lost before recording %s", item.delivery_id,
                    values["status"])
    db.session.commit()
    return values["status"]
