"""Organizations and their locations (stores)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, UTCDateTime, utcnow

DEFAULT_TIME_ZONE = "America/New_York"


class Organization(Base):
    """A cannabis business: the tenant everything else belongs to."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # The company's BioTrack UBI (Settings > Integrations > BioTrack, step 1).
    biotrack_ubi: Mapped[str | None] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    locations: Mapped[list["Location"]] = relationship(
        back_populates="organization", order_by="Location.name"
    )


class Location(Base):
    """A store with its own BioTrack license (and, separately, its OCM license)."""

    __tablename__ = "location"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        UniqueConstraint("organization_id", "biotrack_license"),
        # At most one default intake location per organization.
        Index("uq_location_default_intake", "organization_id", unique=True,
              sqlite_where=text("default_intake = 1"), postgresql_where=text("default_intake")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    biotrack_license: Mapped[str | None] = mapped_column(String(40))
    ocm_license: Mapped[str | None] = mapped_column(String(40))
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    active: Mapped[bool] = mapped_column(default=True)
    # Where received transfers go by default, and whether its sales are reported to BioTrack.
    default_intake: Mapped[bool] = mapped_column(default=False, server_default=false())
    report_sales: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="locations")
