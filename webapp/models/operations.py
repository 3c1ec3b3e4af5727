"""What operators watch: each scheduled job's runs, failures and last success.

The scheduler writes one row per job after every run, so the web workers (health checks,
metrics) can tell from the database alone whether the scheduler is alive and working.
"""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.models.base import Base, UTCDateTime


class JobStatus(Base):
    """Counters and times of one scheduled job, across every scheduler that ever ran it."""

    __tablename__ = "job_status"

    job_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    runs: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_duration_ms: Mapped[int | None] = mapped_column()
