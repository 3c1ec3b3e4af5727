"""Expiry warnings sent for stores' BioTrack authorizations, and extra people to tell."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.org import Location
from webapp.models.user import User

EXPIRED_THRESHOLD = 0  # the "threshold" of the notice sent when the grant has run out


def warning_message_key(warning_id: int) -> str:
    """The outbox group (de-duplication) key of the e-mails of one warning."""
    return f"expiry-warning:{warning_id}"


class ExpiryWarning(Base):
    """One warning about one grant at one threshold: the key makes it happen once.

    A renewal gives the authorization a new expires_at, so its warnings start over.
    """

    __tablename__ = "expiry_warning"
    __table_args__ = (
        UniqueConstraint("authorization_id", "expires_at", "threshold"),
        Index("ix_expiry_warning_location_created", "location_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authorization_id: Mapped[int] = mapped_column(
        ForeignKey("integrator_authorization.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    grant_id: Mapped[str | None] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    threshold: Mapped[int] = mapped_column()  # days: 30, 14, 7, 3, 1, or 0 (expired)
    days_left: Mapped[int] = mapped_column()
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    location: Mapped[Location] = relationship()

    @property
    def expired(self) -> bool:
        """Whether this is the notice that the grant has run out."""
        return self.threshold == EXPIRED_THRESHOLD

    @property
    def message_key(self) -> str:
        """The outbox group key of the e-mails this warning sent."""
        return warning_message_key(self.id)


class NotificationRecipient(Base):
    """An extra address (not a TraceBridge user) that gets a store's warnings."""

    __tablename__ = "notification_recipient"
    __table_args__ = (UniqueConstraint("location_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    location: Mapped[Location] = relationship()
    created_by: Mapped[User | None] = relationship()
