"""Metrics read from the database at scrape time: right however many workers serve /metrics.

Each is one small grouped query on an indexed column (or a table of a few rows per store).
"""
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import (Action, Authorization, Delivery, JobStatus, Location, OutboxMessage,
                           utcnow)
from webapp.models import integration, mail, reporting

UNDELIVERED = (reporting.QUEUED, reporting.RETRYING, reporting.FAILED,
               reporting.NEEDS_ATTENTION, reporting.PAUSED)
OUTBOX_WATCHED = (mail.QUEUED, mail.SENDING, mail.FAILED)
GRANTED = (integration.ACTIVE, integration.EXPIRING, integration.EXPIRED)


class DatabaseCollector:
    """A prometheus_client collector; call collect() inside an app context."""

    def collect(self):
        """Every database-derived metric family, computed now."""
        now = utcnow()
        yield from reports()
        yield from lag(now)
        yield from outbox()
        yield from authorizations(now)
        yield from jobs(now)


def reports():
    """Reports by delivery status."""
    family = GaugeMetricFamily("tracebridge_reports", "Reports to BioTrack by delivery status",
                               labels=["status"])
    counts = dict(db.session.execute(select(Delivery.status, func.count())
                                     .group_by(Delivery.status)).all())
    for status in reporting.STATUS_LABELS:
        family.add_metric([status], counts.get(status, 0))
    yield family


def lag(now):
    """Per active store: age of its oldest report not yet delivered (0 when none waits)."""
    family = GaugeMetricFamily(
        "tracebridge_report_lag_seconds",
        "Age of the oldest report not yet delivered to BioTrack, per store (0: none waiting)",
        labels=["location_id", "store"])
    oldest = dict(db.session.execute(
        select(Delivery.location_id, func.min(Action.created_at))
        .join(Action, Action.id == Delivery.action_id)
        .where(Delivery.status.in_(UNDELIVERED)).group_by(Delivery.location_id)).all())
    for location_id, name in db.session.execute(select(Location.id, Location.name)
                                                .where(Location.active.is_(True))):
        since = oldest.get(location_id)
        family.add_metric([str(location_id), name],
                          max(0.0, (now - since).total_seconds()) if since else 0.0)
    yield family


def outbox():
    """E-mail waiting to be sent, being sent, and failed for good."""
    family = GaugeMetricFamily("tracebridge_mail_outbox", "E-mail outbox messages by status",
                               labels=["status"])
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count()).where(OutboxMessage.status.in_(OUTBOX_WATCHED))
        .group_by(OutboxMessage.status)).all())
    for status in OUTBOX_WATCHED:
        family.add_metric([status], counts.get(status, 0))
    yield family


def authorizations(now):
    """Store authorizations by state (as of now), and each granted store's days left."""
    by_state = GaugeMetricFamily("tracebridge_authorizations",
                                 "Stores' BioTrack integrator authorizations by state",
                                 labels=["state"])
    days = GaugeMetricFamily("tracebridge_authorization_days_left",
                             "Days until a store's BioTrack authorization expires",
                             labels=["location_id", "store"])
    counts = {state: 0 for state in integration.CURRENT_STATES}
    rows = db.session.execute(select(Authorization, Location.name)
                              .join(Location, Location.id == Authorization.location_id)
                              .where(Authorization.state.in_(integration.CURRENT_STATES)))
    for auth, name in rows:
        counts[auth.effective_state(now)] = counts.get(auth.effective_state(now), 0) + 1
        if auth.state in GRANTED and auth.expires_at is not None:
            days.add_metric([str(auth.location_id), name],
                            (auth.expires_at - now).total_seconds() / 86400)
    for state, count in counts.items():
        by_state.add_metric([state], count)
    yield by_state
    yield days


def jobs(now):
    """Scheduled jobs' runs, failures and last success, as the scheduler recorded them."""
    runs = CounterMetricFamily("tracebridge_scheduler_job_runs", "Runs of a scheduled job",
                               labels=["job"])
    failures = CounterMetricFamily("tracebridge_scheduler_job_failures",
                                   "Failed runs of a scheduled job", labels=["job"])
    success = GaugeMetricFamily("tracebridge_scheduler_job_last_success_timestamp_seconds",
                                "When a scheduled job last succeeded (Unix time)", labels=["job"])
    for row in db.session.scalars(select(JobStatus).order_by(JobStatus.job_id)):
        runs.add_metric([row.job_id], row.runs)
        failures.add_metric([row.job_id], row.failures)
        if row.last_success_at is not None:
            success.add_metric([row.job_id], row.last_success_at.timestamp())
    yield runs
    yield failures
    yield success

