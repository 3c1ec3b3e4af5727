"""The e-mail outbox: one row per recipient, sent by the scheduler after the caller's commit."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.org import Location
from webapp.security import EncryptedText

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
STATUSES = (QUEUED, SENDING, SENT, FAILED)


class OutboxMessage(Base):
    """One e-mail to one recipient: queued, being sent (leased), sent, or failed for good."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_mail_outbox_org_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    template: Mapped[str] = mapped_column(String(80))
    # Bodies may carry one-time links (invitations): encrypted like every other secret.
    body_text: Mapped[str] = mapped_column(EncryptedText())
    body_html: Mapped[str] = mapped_column(EncryptedText())
    # Kept across retries, so a receiver that got a message twice can tell.
    message_id: Mapped[str] = mapped_column(String(255))
    # The caller's de-duplication key, shared by the rows (recipients) of one message.
    group_key: Mapped[str | None] = mapped_column(String(200), index=True)
    # Per recipient; NULL for messages that may be queued any number of times.
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    location: Mapped[Location | None] = relationship()
