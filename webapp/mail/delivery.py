"""Sending the outbox over SMTP: claim due rows with a compare-and-set, send, record the result.

Two schedulers never send the same row: a row is claimed by one UPDATE that only matches it
while it is due, which the database lets exactly one of them win. A sender that dies while
holding rows loses them when the lease runs out, and they are sent again (at least once).
"""
import logging
import smtplib
import ssl
import time
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import and_, or_, select, update

from webapp import backoff
from webapp import config as settings
from webapp.extensions import db
from webapp.models import OutboxMessage
from webapp.models.mail import FAILED, QUEUED, SENDING, SENT
from webapp.scheduler import scheduled_job

log = logging.getLogger(__name__)


@scheduled_job("mail-delivery", trigger="interval", seconds=settings.OUTBOX_POLL_SECONDS,
               run_at_start=True, quiet_when_idle=True)
def deliver_outbox(now) -> dict:
    """Scheduled job: send what is due, batch after batch, for at most OUTBOX_RUN_SECONDS
    (under the job's interval, so a backlog never makes runs overlap)."""
    totals = {"sent": 0, "retrying": 0, "failed": 0}
    deadline = time.monotonic() + settings.OUTBOX_RUN_SECONDS
    while True:
        counts = deliver_due(now)
        for key, value in counts.items():
            totals[key] += value
        if sum(counts.values()) < settings.OUTBOX_BATCH or time.monotonic() > deadline:
            return totals


def deliver_due(now, *, limit: int = settings.OUTBOX_BATCH) -> dict:
    """Send up to `limit` due messages; returns how many were sent, retried and failed."""
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    token, messages = _claim(now, limit)
    if not messages:
        return counts
    connection = None
    for index, message in enumerate(messages):
        try:
            connection = connection or _connect()
            connection.send_message(_build(message, now), from_addr=_envelope_sender(),
                                    to_addrs=[message.recipient])
        except Exception as error:  # every failure is recorded on the row, none stops the batch
            permanent, text = classify(error)
            counts[_record_failure(message, token, now, permanent, text)] += 1
            if connection is None:  # cannot even connect: the rest wait for the next round
                for rest in messages[index + 1:]:
                    counts[_record_failure(rest, token, now, False, text)] += 1
                break
            if _connection_lost(error):
                connection = _close(connection)
        else:
            _finish(message, token, status=SENT, sent_at=now, last_error=None, lease_until=None)
            counts["sent"] += 1
    _close(connection)
    return counts


def _due(now):
    """Rows to send now: queued and due, or claimed by a sender whose lease ran out."""
    return or_(and_(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.status == SENDING, OutboxMessage.lease_until < now))


def _claim(now, limit):
    """Take up to `limit` due rows for this sender (one compare-and-set UPDATE), committed."""
    token = uuid.uuid4().hex
    oldest = select(OutboxMessage.id).where(_due(now)).order_by(
        OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
    # The _due() condition is checked again on each row as it is updated: a row another
    # sender claimed in between no longer matches, so it cannot be taken twice.
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(oldest), _due(now)).values(
            status=SENDING, claim_token=token, attempts=OutboxMessage.attempts + 1,
            lease_until=now + timedelta(seconds=settings.MAIL_LEASE_SECONDS)),
        execution_options={"synchronize_session": False})
    db.session.commit()
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.claim_token == token, OutboxMessage.status == SENDING)
        .order_by(OutboxMessage.id)).all()
    return token, messages


def classify(error: Exception) -> tuple[bool, str]:
    """(permanent?, text) of a send failure.

    Permanent: the server refused this recipient or this message with a 5xx, or the message
    cannot be built. Everything else (4xx, connection or login trouble, a 5xx to our sender
    address) is about the server or our settings, not this recipient: retried.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        return 500 <= code < 600, _reply_text(code, reply)
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600, _reply_text(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPResponseException):
        return False, _reply_text(error.smtp_code, error.smtp_error)
    if isinstance(error, (ValueError, UnicodeError)):
        return True, f"cannot build the message: {error}"
    return False, f"{type(error).__name__}: {error}"


def _connection_lost(error: Exception) -> bool:
    """Whether the SMTP session is unusable after this error (SMTP replies leave it usable)."""
    return isinstance(error, smtplib.SMTPServerDisconnected) or (
        isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException))


def _reply_text(code: int, reply) -> str:
    """An SMTP reply as one line of text."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return f"{code} {' '.join(str(reply).split())}"


def _record_failure(message, token, now, permanent: bool, text: str) -> str:
    """Mark a failed attempt: failed for good, or queued again after a backoff."""
    if permanent or message.attempts >= settings.MAIL_MAX_ATTEMPTS:
        if not permanent:
            text = f"gave up after {message.attempts} attempts: {text}"
        log.warning("e-mail %s to %s failed: %s", message.id, message.recipient, text)
        _finish(message, token, status=FAILED, last_error=text, lease_until=None)
        return "failed"
    wait = backoff.delay(message.attempts, settings.MAIL_RETRY_BASE_SECONDS,
                         settings.MAIL_RETRY_MAX_SECONDS)
    log.info("e-mail %s to %s will be retried in %d s: %s", message.id, message.recipient,
             wait.total_seconds(), text)
    _finish(message, token, status=QUEUED, last_error=text, lease_until=None,
            next_attempt_at=now + wait)
    return "retrying"


def _finish(message, token, **values) -> None:
    """Record the outcome of this sender's attempt, committed at once (only if still ours)."""
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message.id, OutboxMessage.claim_token == token).values(**values),
        execution_options={"synchronize_session": False})
    db.session.commit()


def _build(message: OutboxMessage, now) -> EmailMessage:
    """The MIME message: plain text with an HTML alternative."""
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    mime["To"] = message.recipient
    mime["Date"] = format_datetime(now)
    mime["Message-ID"] = message.message_id
    mime.set_content(message.body_text)
    mime.add_alternative(message.body_html, subtype="html")
    return mime


def _envelope_sender() -> str:
    """The bare address of MAIL_DEFAULT_SENDER."""
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def _connect() -> smtplib.SMTP:
    """An SMTP session with the MAIL_* settings (STARTTLS and login when configured)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        raise ConnectionError("MAIL_SERVER is not set")
    connection = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                              timeout=settings.MAIL_TIMEOUT_SECONDS)
    try:
        if config.get("MAIL_USE_TLS"):
            connection.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except Exception:
        _close(connection)
        raise
    return connection


def _close(connection) -> None:
    """Say goodbye to the server if we can; a broken connection is just dropped."""
    if connection is not None:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
    return None
