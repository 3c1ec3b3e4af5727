"""Delivering a claimed batch: one attempt per report, then one small write each."""
import contextlib
import logging
import time
from dataclasses import dataclass, field

from webapp.biotrack import (AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials,
                             NotFound, RateLimited, Unavailable, ValidationFailed)
from webapp.biotrack.app import get_client
from webapp.credentials import mark_invalid
from webapp.extensions import db
from webapp.instruments import DELIVERY_ATTEMPTS
from webapp.models import Authorization, DeliveryAttempt, LinkedCredential, utcnow
from webapp.delivery import alerts, outcomes
from webapp.delivery.batch import load_items, load_performers, load_stores
from webapp.delivery.credentials import choose, refused_choice
from webapp.action_kinds import report_call, report_payload
from webapp.delivery.messages import refusal

log = logging.getLogger(__name__)
_insert_attempt = DeliveryAttempt.__table__.insert()
NO_AUTHORIZATION = ("{store} has no active BioTrack authorization: renew it on Config Page > "
                    "Integration. Reports wait and are sent once it is renewed.")


class Open:
    """The gate of a batch sent outside a lane: every report may go."""

    @staticmethod
    def may_send() -> bool:
        """Whether the run may start another send."""
        return True

    @staticmethod
    def usable(delivery_id) -> bool:
        """Whether the report's lease is still this worker's, with time to spare."""
        return True

    sending = staticmethod(contextlib.nullcontext)

    @staticmethod
    def done(delivery_id) -> None:
        """The report's outcome is written."""


@dataclass
class Sent:
    """What became of a batch: counts by status, and the reports not sent (to give back)."""

    counts: dict = field(default_factory=dict)
    unsent: list = field(default_factory=list)
    attempted: int = 0


def deliver_batch(ids: list[int], worker: str, now=None, *, gate=Open, clock=None,
                  stores=None) -> Sent:
    """Send the batch's reports one by one while the gate lets them go.

    Outcomes are dated `now`, or each by `clock()`, or the real time. `stores` carries the
    stores already read by a lane's earlier batches.
    """
    items = load_items(ids, worker)
    stores, performers = load_stores(items, stores), load_performers(items)
    sent = Sent()
    for n, item in enumerate(items):
        if not gate.may_send():
            sent.unsent += [later.delivery_id for later in items[n:]]
            break
        if not gate.usable(item.delivery_id):
            sent.unsent.append(item.delivery_id)
            continue
        with gate.sending():
            status = _deliver(item, stores[item.location_id], performers, worker,
                              now or (clock or utcnow)())
        gate.done(item.delivery_id)
        sent.counts[status] = sent.counts.get(status, 0) + 1
        sent.attempted += 1
    return sent


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
        note = (error.code, values.get("last_error") or error.message)
    except Exception as error:  # a bug must not lose the report: retry it, loudly
        log.exception("delivery %s crashed", item.delivery_id)
        values = outcomes.retry(now, attempts, "TraceBridge hit an internal error sending this "
                                               "report; it will be retried.", "internal_error")
        note = ("internal_error", type(error).__name__)
    else:
        values = outcomes.delivered(now, result, choice, attempts)
        note = (None, "BioTrack had recorded it already (same RequestID)" if result.replayed
                else None)
    values.update(attempted_as=choice.creds.username, attempted_source=choice.source)
    DELIVERY_ATTEMPTS.labels(values["status"]).inc()
    return _record(item, worker, now, values, attempt=dict(
        delivery_id=item.delivery_id, started_at=now, worker=worker, request_id=item.request_id,
        reported_as=choice.creds.username, outcome=values["status"], error_code=note[0],
        message=(note[1] or "")[:500] or None,
        duration_ms=int((time.monotonic() - started) * 1000)))


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
        return outcomes.failed(attempts, refusal(error, store.location.time_zone), error.code)
    return outcomes.retry(now, attempts, f"BioTrack failed: {error.message}", error.code)


def _pause(item, store, now, message, code, attempts) -> dict:
    """Hold the store's other waiting reports too, and tell its admins (once per cause)."""
    grant_id = store.grant.grant_id if store.grant else None
    outcomes.pause_waiting(item.location_id, grant_id, message, code, now)
    alerts.location_paused(store.location, grant_id, message)
    return outcomes.paused(grant_id, message, code, attempts)


def _record(item, worker, now, values, attempt=None) -> str:
    """Write the outcome and its attempt row and commit, only if the lease is still ours.

    A worker whose lease ended (another may be sending the report now) records nothing, not
    even the side effects of its answer: the holder of the lease records its own.
    """
    if not outcomes.record(item, worker, now, **values):
        db.session.rollback()
        log.warning("delivery %s: lease lost before recording %s", item.delivery_id,
                    values["status"])
        return "lease_lost"
    if attempt is not None:
        db.session.connection().execute(_insert_attempt, attempt)
    db.session.commit()
    return values["status"]
