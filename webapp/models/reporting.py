"""Regulated actions, their delivery to BioTrack, and the point-of-sale API tokens."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.action_kinds import KIND_LABELS, KINDS  # noqa: F401  (re-exported)
from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.org import Location
from webapp.models.user import User

# Delivery states. "queued" and "retrying" are due when next_attempt_at has passed.
QUEUED, RETRYING, DELIVERED = "queued", "retrying", "delivered"
FAILED, NEEDS_ATTENTION, PAUSED = "failed", "needs_attention", "paused"
DUE_STATES = (QUEUED, RETRYING)
_HAS_PARENT = "depends_on_id IS NOT NULL"
STATUS_LABELS = {QUEUED: "Queued", RETRYING: "Retrying", DELIVERED: "Delivered", FAILED: "Failed",
                 NEEDS_ATTENTION: "Needs attention", PAUSED: "Paused"}


class Action(Base):
    """Something an employee did that BioTrack must hear about, as it was reported to us."""

    __tablename__ = "action"
    # The delivery log pages through a store's actions in performed order, by keyset: each
    # filter it offers has an index ending in (performed_at, id) so no page sorts the history.
    __table_args__ = (UniqueConstraint("location_id", "external_id"),
                      Index("ix_action_performer_recent", "performed_by_id", "id"),
                      Index("ix_action_log", "location_id", "performed_at", "id"),
                      Index("ix_action_log_kind", "location_id", "kind", "performed_at", "id"),
                      Index("ix_action_log_performer", "location_id", "performed_by_id",
                            "performed_at", "id"),
                      # GET /api/v1/actions pages through a store's actions by id.
                      Index("ix_action_location_id", "location_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(80))
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(10))  # "api" or "page"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    location: Mapped[Location] = relationship()
    performed_by: Mapped[User] = relationship()
    delivery: Mapped["Delivery"] = relationship(back_populates="action", uselist=False)


class Delivery(Base):
    """The outbox record of one action: written with it, worked off by delivery workers."""

    __tablename__ = "delivery"
    # performed_at and performed_by_id are copied from the action (they never change) so the
    # log's status filter and the per-status counts are read from one index, in log order.
    __table_args__ = (Index("ix_delivery_due", "status", "next_attempt_at"),
                      Index("ix_delivery_log_status", "location_id", "status", "performed_at",
                            "action_id"),
                      Index("ix_delivery_performer_status", "performed_by_id", "status"),
                      # Only a refund depends on another delivery: a sale writes no entry.
                      Index("ix_delivery_depends_on_id", "depends_on_id",
                            sqlite_where=text(_HAS_PARENT), postgresql_where=text(_HAS_PARENT)))

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"),
                                           unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    # A refund waits for its sale: BioTrack needs the sale's transaction first.
    depends_on_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"))
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    # Bumped when the action is corrected, so the corrected report is a new request to BioTrack.
    revision: Mapped[int] = mapped_column(default=1)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leased_by: Mapped[str | None] = mapped_column(String(80))
    reported_as: Mapped[str | None] = mapped_column(String(254))
    credential_source: Mapped[str | None] = mapped_column(String(10))  # "linked" or "default"
    credential_reason: Mapped[str | None] = mapped_column(String(200))
    # As whom the last attempt was made, delivered or not (reported_as is the delivered one).
    attempted_as: Mapped[str | None] = mapped_column(String(254))
    attempted_source: Mapped[str | None] = mapped_column(String(10))
    last_error: Mapped[str | None] = mapped_column(Text())
    last_error_code: Mapped[str | None] = mapped_column(String(60))
    paused_grant_id: Mapped[str | None] = mapped_column(String(80))
    # An admin's audited choice to report a needs-attention action as the store's default user.
    send_as_default: Mapped[bool] = mapped_column(default=False)
    biotrack_id: Mapped[str | None] = mapped_column(String(80))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    action: Mapped[Action] = relationship(back_populates="delivery")
    depends_on: Mapped["Delivery | None"] = relationship(remote_side=[id])

    @property
    def request_id(self) -> str:
        """BioTrack's RequestID: the same for every retry of one revision of one action."""
        return f"TB-{self.action_id}-r{self.revision}"


class DeliveredDay(Base):
    """Reports delivered per store, day (the store's date) and performer, and how many of them
    went as the performer's own account: kept by the worker in the delivering transaction, so
    the dashboard and Onboarding read a few rows instead of the history."""

    __tablename__ = "delivered_day"

    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date(), primary_key=True)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    delivered: Mapped[int] = mapped_column(default=0)
    as_performer: Mapped[int] = mapped_column(default=0)


class DeliveryAttempt(Base):
    """One try at sending a report: as whom, and what BioTrack answered."""

    __tablename__ = "delivery_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id", ondelete="CASCADE"),
                                             index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    duration_ms: Mapped[int | None] = mapped_column()
    worker: Mapped[str | None] = mapped_column(String(80))
    request_id: Mapped[str] = mapped_column(String(80))
    reported_as: Mapped[str | None] = mapped_column(String(254))
    outcome: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(60))
    message: Mapped[str | None] = mapped_column(String(500))


class ApiToken(Base):
    """A point-of-sale API token of one store; only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id",
                                                                 ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    location: Mapped[Location] = relationship()
    created_by: Mapped[User | None] = relationship()
