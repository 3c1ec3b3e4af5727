"""The log of sync runs: one row per vendor refresh or license re-sync."""
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import CompanySettings, Organization, SyncRun, User

COMPANIES, LICENSES = "companies", "licenses"
MANUAL, NIGHTLY = "manual", "nightly"


class RunLog:
    """Counts and errors of a run in progress; finish() writes them to its SyncRun."""

    def __init__(self, organization: Organization, kind: str, now: datetime, trigger: str,
                 actor: User | None = None):
        self.run = SyncRun(organization_id=organization.id, kind=kind, trigger=trigger,
                           started_at=now, started_by_id=actor.id if actor else None)
        self._clock = time.monotonic()
        self.created = self.updated = self.skipped = 0
        self.errors: list[str] = []
        self.username: str | None = None  # the BioTrack user the run signed in as

    def error(self, message: str) -> None:
        """Note a problem; the run still finishes and shows it."""
        self.errors.append(message)

    def finish(self) -> SyncRun:
        """Fill in the counts and the finish time, and add the run to the session."""
        run = self.run
        run.created, run.updated, run.skipped = self.created, self.updated, self.skipped
        run.error_count, run.errors = len(self.errors), "\n".join(self.errors) or None
        # Measured, so a caller's clock (the scheduler's `now`) stays the reference.
        run.finished_at = run.started_at + timedelta(seconds=time.monotonic() - self._clock)
        db.session.add(run)
        return run


def last_run(organization: Organization, kind: str) -> SyncRun | None:
    """The newest run of that kind."""
    return db.session.scalar(select(SyncRun).where(
        SyncRun.organization_id == organization.id, SyncRun.kind == kind).order_by(
        SyncRun.started_at.desc(), SyncRun.id.desc()).limit(1))


def organizations_to_sync(kind: str) -> list[Organization]:
    """Organizations a nightly run of that kind is for: UBI set (and, for companies, a mode)."""
    query = select(Organization).where(Organization.biotrack_ubi.is_not(None))
    if kind == COMPANIES:
        query = query.join(CompanySettings, CompanySettings.organization_id == Organization.id) \
            .where(CompanySettings.vendor_mode.is_not(None))
    return list(db.session.scalars(query.order_by(Organization.id)))
