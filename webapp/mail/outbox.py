"""Queueing e-mail: rows in the caller's transaction, sent by the scheduler after the commit."""
import hashlib
from dataclasses import dataclass, field
from email.utils import make_msgid, parseaddr
from typing import Iterable, Sequence

from flask import current_app
from sqlalchemy import select

from webapp.database import insert_ignoring_duplicates
from webapp.extensions import db
from webapp.models import OutboxMessage, utcnow
from webapp.models.mail import QUEUED


@dataclass(frozen=True)
class Email:
    """One message to one or more recipients (see queue_email for the fields)."""

    to: Sequence[str]
    subject: str
    template: str
    context: dict = field(default_factory=dict)
    dedupe_key: str | None = None
    organization_id: int | None = None
    location_id: int | None = None


def queue_email(*, to: list[str], subject: str, template: str, context: dict,
                dedupe_key: str | None = None, organization_id=None,
                location_id=None) -> list[OutboxMessage]:
    """Queue one message, one outbox row per recipient, in the CURRENT database session.

    Nothing is sent until the caller commits: the scheduler's delivery job then sends each
    row over SMTP, retrying temporary failures; a refused address fails alone.
    - `template`: templates/emails/<template>.html and .txt, rendered now with `context`
      (plus `subject`). Links in it are absolute, built with `webapp.links.external_url`.
    - `dedupe_key`: the message's identity, e.g. "expiry-warning:42". Queued again with the
      same key, a recipient who already has it gets no second row (also when two processes
      race); the caller's transaction is not disturbed. None: no de-duplication.
    - `organization_id` / `location_id`: who the message is about; the e-mail log of that
      organization lists it.
    Returns the rows queued now (recipients that already had the message are left out).
    Bodies are encrypted at rest, so one-time links may be sent this way.
    """
    ids = queue_emails([Email(to, subject, template, context, dedupe_key,
                              organization_id, location_id)])
    if not ids:
        return []
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                   .order_by(OutboxMessage.id)))


def queue_emails(emails: Iterable[Email]) -> list[int]:
    """Queue many messages with a few multi-row INSERTs; the ids of the rows queued now.

    The batch form of queue_email, for jobs that tell many stores at once.
    """
    now = utcnow()
    domain = _sender_domain()
    rows = [row for email in emails for row in _rows(email, now, domain)]
    if not rows:
        return []
    insert = insert_ignoring_duplicates(db.session.get_bind(), OutboxMessage)
    # executemany: SQLAlchemy sends it as multi-row INSERTs ("insertmanyvalues").
    return list(db.session.scalars(insert.returning(OutboxMessage.id), rows))


def render(template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML bodies of an e-mail template (HTML autoescaped)."""
    env = current_app.jinja_env
    return (env.get_template(f"emails/{template}.txt").render(context),
            env.get_template(f"emails/{template}.html").render(context))


def _rows(email: Email, now, domain: str) -> list[dict]:
    """The outbox rows of one message: one per distinct recipient."""
    text, html = render(email.template, {"subject": email.subject, **email.context})
    return [{
        "organization_id": email.organization_id, "location_id": email.location_id,
        "recipient": recipient, "subject": email.subject, "template": email.template,
        "body_text": text, "body_html": html, "message_id": make_msgid(domain=domain),
        "group_key": email.dedupe_key, "dedupe_key": _row_key(email.dedupe_key, recipient),
        "status": QUEUED, "attempts": 0, "next_attempt_at": now, "created_at": now,
    } for recipient in clean_addresses(email.to)]


def clean_addresses(addresses: Iterable[str]) -> list[str]:
    """Trimmed addresses without repeats (case-insensitive), in the given order."""
    seen, result = set(), []
    for address in addresses:
        address = (address or "").strip()
        if any(c.isspace() for c in address) or "@" not in address:
            raise ValueError(f"not an e-mail address: {address!r}")
        if address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def _row_key(dedupe_key: str | None, recipient: str) -> str | None:
    """The unique key of one recipient's copy of a message."""
    if dedupe_key is None:
        return None
    key = f"{dedupe_key}|{recipient.lower()}"
    return key if len(key) <= 255 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _sender_domain() -> str:
    """The domain of MAIL_DEFAULT_SENDER, for Message-IDs (no DNS lookup)."""
    address = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")[1]
    return address.rpartition("@")[2] or "tracebridge.local"
