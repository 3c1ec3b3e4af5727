"""Each store's inventory on hand as BioTrack last listed it (a cache for the counter's lookups)."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.models.base import Base, UTCDateTime


class StockItem(Base):
    """One barcode the store's license holds: product, quantity on hand (decimal text), unit."""

    __tablename__ = "stock_item"
    __table_args__ = (UniqueConstraint("location_id", "barcode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    barcode: Mapped[str] = mapped_column(String(16))
    product: Mapped[str] = mapped_column(String(200))
    # Decimal text as BioTrack counts it (SQLite has no exact decimal type).
    quantity: Mapped[str] = mapped_column(String(40))
    uom: Mapped[str] = mapped_column(String(20))


class StockSnapshot(Base):
    """When the store's inventory was last read from BioTrack, and what went wrong if it failed."""

    __tablename__ = "stock_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"),
                                             unique=True)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    item_count: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
