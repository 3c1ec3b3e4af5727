"""A store's BioTrack integrator authorization and the consent requests behind it."""
import math
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.config import EXPIRY_WARNING_DAYS
from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.org import Location
from webapp.models.user import User
from webapp.security import EncryptedText

# Stored states. "expiring" and "expired" are also derived from expires_at when shown, so
# the page is right even before the scheduler has marked them.
PENDING, ACTIVE, EXPIRING, EXPIRED = "pending", "active", "expiring", "expired"
FAILED, DEACTIVATED = "failed", "deactivated"
CURRENT_STATES = (PENDING, ACTIVE, EXPIRING, EXPIRED)
WARNING_WINDOW = timedelta(days=max(EXPIRY_WARNING_DAYS))


class Authorization(Base):
    """Default credentials of a store and the integrator grant BioTrack gave for them.

    At most one is current per store (pending, active, expiring or expired); failed and
    deactivated ones stay as history.
    """

    __tablename__ = "integrator_authorization"
    __table_args__ = (
        Index("uq_integrator_authorization_current", "location_id", unique=True,
              sqlite_where=text("state IN ('pending', 'active', 'expiring', 'expired')"),
              postgresql_where=text("state IN ('pending', 'active', 'expiring', 'expired')")),
        Index("ix_integrator_authorization_state_expires", "state", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    ubi: Mapped[str] = mapped_column(String(9))
    license: Mapped[str] = mapped_column(String(40))
    username: Mapped[str] = mapped_column(String(254))
    password: Mapped[str] = mapped_column(EncryptedText())
    grant_id: Mapped[str | None] = mapped_column(String(80))
    access_token: Mapped[str | None] = mapped_column(EncryptedText())
    refresh_token: Mapped[str | None] = mapped_column(EncryptedText())
    access_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deactivated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text())
    tested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    test_ok: Mapped[bool | None] = mapped_column()
    test_message: Mapped[str | None] = mapped_column(String(300))

    location: Mapped[Location] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    deactivated_by: Mapped[User | None] = relationship(foreign_keys=[deactivated_by_id])

    def effective_state(self, now: datetime | None = None) -> str:
        """The state as of now: an active grant near or past its expiry says so."""
        if self.state not in (ACTIVE, EXPIRING, EXPIRED) or self.expires_at is None:
            return self.state
        now = now or utcnow()
        if self.expires_at <= now:
            return EXPIRED
        if self.expires_at - now <= WARNING_WINDOW:
            return EXPIRING
        return ACTIVE

    def days_left(self, now: datetime | None = None) -> int | None:
        """Days until the grant expires, rounded up (100 on the day it is granted, 0 after)."""
        if self.expires_at is None:
            return None
        seconds = (self.expires_at - (now or utcnow())).total_seconds()
        return max(0, math.ceil(seconds / 86400))


class ConsentRequest(Base):
    """One trip to BioTrack's consent screen: the OAuth state and PKCE verifier behind it."""

    __tablename__ = "consent_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    authorization_id: Mapped[int] = mapped_column(
        ForeignKey("integrator_authorization.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "register" or "renew"
    # The state is a bearer secret in a URL: only its hash is kept.
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_verifier: Mapped[str] = mapped_column(EncryptedText())
    # The URL carries the state in clear, so it is a secret too.
    consent_url: Mapped[str] = mapped_column(EncryptedText())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    message: Mapped[str | None] = mapped_column(String(300))
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    authorization: Mapped[Authorization] = relationship()
    started_by: Mapped[User | None] = relationship()
