"""Each job run recorded in the database, and the heartbeat job that proves the scheduler lives.

The web workers read these rows for /readyz and the metrics: the scheduler is another process,
often on another machine, and the database is what they share.
"""
from datetime import datetime, timedelta

from sqlalchemy import select, update

from webapp.config import HEARTBEAT_SECONDS, HEARTBEAT_STALE_SECONDS
from webapp.database import insert_ignoring_duplicates
from webapp.extensions import db
from webapp.models import JobStatus
from webapp.scheduler import scheduled_job

HEARTBEAT_JOB = "heartbeat"


@scheduled_job(HEARTBEAT_JOB, trigger="interval", seconds=HEARTBEAT_SECONDS, run_at_start=True,
               quiet_when_idle=True)
def heartbeat(now):
    """Nothing to do: its recorded run is the sign of life /readyz looks for."""
    return {}


def record_run(job_id: str, *, ok: bool, at: datetime, duration_ms: int) -> None:
    """Count one run of a job (and its failure or success) in its own transaction."""
    values = {"runs": JobStatus.runs + 1, "last_run_at": at, "last_duration_ms": duration_ms}
    if ok:
        values["last_success_at"] = at
    else:
        values.update(failures=JobStatus.failures + 1, last_failure_at=at)
    statement = update(JobStatus).where(JobStatus.job_id == job_id).values(**values)
    if not db.session.execute(statement).rowcount:
        db.session.execute(insert_ignoring_duplicates(db.session.connection(), JobStatus)
                           .values(job_id=job_id, runs=0, failures=0))
        db.session.execute(statement)
    db.session.commit()


def heartbeat_age(now: datetime) -> timedelta | None:
    """How long ago the heartbeat job last succeeded (None: never)."""
    last = db.session.scalar(select(JobStatus.last_success_at)
                             .where(JobStatus.job_id == HEARTBEAT_JOB))
    return None if last is None else now - last


def heartbeat_fresh(now: datetime) -> tuple[bool, str]:
    """Whether a scheduler has shown life recently enough, and a short reason."""
    age = heartbeat_age(now)
    if age is None:
        return False, "no scheduler heartbeat yet: is `flask --app wsgi scheduler` running?"
    if age > timedelta(seconds=HEARTBEAT_STALE_SECONDS):
        return False, f"scheduler heartbeat is {int(age.total_seconds())} s old " \
                      f"(stale after {HEARTBEAT_STALE_SECONDS} s)"
    return True, f"scheduler heartbeat {int(age.total_seconds())} s ago"
