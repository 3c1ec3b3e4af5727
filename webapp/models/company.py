"""Company-wide BioTrack settings: vendor preference, trading partners, credentials, syncs."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.user import User
from webapp.security import EncryptedText

PER_LICENSE, PER_VENDOR = "per_license", "per_vendor"
VENDOR_MODES = (PER_LICENSE, PER_VENDOR)
# Credential states: "unverified" after the UBI changed, until it is verified again.
VALID, INVALID, UNVERIFIED = "valid", "invalid", "unverified"


class CompanySettings(Base):
    """An organization's choices for the BioTrack integration (one row per organization)."""

    __tablename__ = "company_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), unique=True)
    vendor_mode: Mapped[str | None] = mapped_column(String(16))
    vendor_mode_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    vendor_mode_set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))


class Company(Base):
    """A trading partner, created from a BioTrack vendor (or one of its licenses)."""

    __tablename__ = "company"
    # source_key is "vendor:<UBI>" or "license:<license>": one company per source, ever.
    __table_args__ = (UniqueConstraint("organization_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    source_key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    # The name BioTrack's data gives it; `name` differs only when a user edited it.
    source_name: Mapped[str] = mapped_column(String(200))
    vendor_ubi: Mapped[str] = mapped_column(String(20))
    vendor_name: Mapped[str] = mapped_column(String(200))
    license: Mapped[str | None] = mapped_column(String(40))
    user_edited: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    licenses: Mapped[list["CompanyLicense"]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyLicense.license",
        lazy="selectin")


class CompanyLicense(Base):
    """A BioTrack license of a trading partner, with its status as BioTrack last gave it."""

    __tablename__ = "company_license"
    __table_args__ = (UniqueConstraint("company_id", "license"),
                      Index("ix_company_license_org_license", "organization_id", "license"))

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    license: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    producer: Mapped[bool] = mapped_column(default=False)
    processor: Mapped[bool] = mapped_column(default=False)
    retail: Mapped[bool] = mapped_column(default=False)
    # "active", "inactive", "deleted", or "unlisted" (BioTrack stopped listing it).
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship(back_populates="licenses")


class CompanyCredential(Base):
    """The organization's own BioTrack API credentials (the organization-level default)."""

    __tablename__ = "company_credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    description: Mapped[str] = mapped_column(String(120))
    ubi: Mapped[str] = mapped_column(String(9))
    username: Mapped[str] = mapped_column(String(254))
    password: Mapped[str] = mapped_column(EncryptedText())
    # BioTrack signs in per license: the license these credentials sign in with.
    license: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default=VALID)
    status_reason: Mapped[str | None] = mapped_column(String(300))
    last_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()


class ListedLicense(Base):
    """A license BioTrack lists for the organization's UBI, as of the last license sync."""

    __tablename__ = "biotrack_listed_license"
    __table_args__ = (UniqueConstraint("organization_id", "ubi", "license"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    ubi: Mapped[str] = mapped_column(String(9))
    license: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    type: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    # False once BioTrack stops listing it: the store is flagged, never deleted.
    listed: Mapped[bool] = mapped_column(default=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    missing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SyncRun(Base):
    """One run of the vendor/company refresh or of the license re-sync, and what it did."""

    __tablename__ = "sync_run"
    __table_args__ = (Index("ix_sync_run_org_kind_started", "organization_id", "kind",
                            "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "companies" or "licenses"
    trigger: Mapped[str] = mapped_column(String(16), default="manual")  # or "nightly"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[str | None] = mapped_column(Text())
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"))

    def summary(self) -> str:
        """E.g. "3 created, 1 updated, 4 skipped, 0 errors"."""
        return (f"{self.created} created, {self.updated} updated, {self.skipped} skipped, "
                f"{self.error_count} error{'' if self.error_count == 1 else 's'}")
