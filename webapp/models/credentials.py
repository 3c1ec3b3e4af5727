"""Employees' own traceability credentials, linked self-service in Manage Account."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.user import User
from webapp.security import EncryptedText

BIOTRACK = "biotrack"
PROVIDERS = {BIOTRACK: "BioTrack"}
# "removed" rows stay as history (without their password); the others are the live ones.
VALID, INVALID, REMOVED = "valid", "invalid", "removed"
LIVE_STATES = (VALID, INVALID)
_LIVE = "status IN ('valid', 'invalid')"


class LinkedCredential(Base):
    """One user's own sign-in to the traceability system for one license.

    At most one live (valid or invalid) credential per user and license.
    """

    __tablename__ = "linked_credential"
    __table_args__ = (
        Index("uq_linked_credential_live", "user_id", "license", unique=True,
              sqlite_where=text(_LIVE), postgresql_where=text(_LIVE)),
        Index("ix_linked_credential_org_license", "organization_id", "license"),
        Index("ix_linked_credential_status_checked", "status", "checked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20), default=BIOTRACK)
    ubi: Mapped[str] = mapped_column(String(9))
    license: Mapped[str] = mapped_column(String(40))
    username: Mapped[str] = mapped_column(String(254))
    # None once removed: a credential nobody uses keeps no secret.
    password: Mapped[str | None] = mapped_column(EncryptedText())
    status: Mapped[str] = mapped_column(String(16), default=VALID)
    invalid_code: Mapped[str | None] = mapped_column(String(40))
    invalid_reason: Mapped[str | None] = mapped_column(String(300))
    invalid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Last time a check reached the provider, whatever it said (the nightly job's clock).
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def provider_label(self) -> str:
        """The provider's display name."""
        return PROVIDERS.get(self.provider, self.provider)

    @property
    def is_live(self) -> bool:
        """Valid or invalid, i.e. not removed."""
        return self.status in LIVE_STATES


class BioTrackOwner(Base):
    """An admin's word that a BioTrack user belongs to one employee (audited).

    Lets that employee link a BioTrack username that is not their own e-mail; one employee
    per BioTrack user of the organization. Usernames are kept lower-cased.
    """

    __tablename__ = "biotrack_owner"
    __table_args__ = (UniqueConstraint("organization_id", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    username: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"),
                                         index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id",
                                                                  ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
