"""Scheduled jobs: a registry that features add to, run by ONE `flask --app wsgi scheduler`.

A job is a function of the current time, run inside an app context, that commits its own
work and returns a small dict of counts (logged after each run):

    from webapp.scheduler import scheduled_job

    @scheduled_job("credential-check", trigger="cron", hour=3, minute=15)
    def verify_linked_credentials(now):
        ...
        return {"checked": n, "invalid": k}

Jobs take `now` (aware UTC) so tests move the clock instead of sleeping; the runner passes
the real time. Every job must be safe if two schedulers run it at once: make each e-mail and
state change conditional on a unique key or a compare-and-set UPDATE in the database.
Triggers are APScheduler's ("interval", "cron", "date") with its keyword arguments; cron
fields are read in the scheduler's zone (America/New_York).
"""
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Job:
    """A registered job and when it runs."""

    id: str
    func: Callable
    trigger: str
    trigger_args: dict = field(default_factory=dict)
    run_at_start: bool = False  # also once as soon as the scheduler starts
    quiet_when_idle: bool = False  # frequent jobs log runs that did nothing at DEBUG only
    # An "interval" counted from the end of the previous run: a run that outlasts the interval
    # is followed by the next one, never skipped or overlapped.
    spaced: bool = False


JOBS: dict[str, Job] = {}


def register(job_id: str, func: Callable, *, trigger: str = "interval",
             run_at_start: bool = False, quiet_when_idle: bool = False, spaced: bool = False,
             **trigger_args) -> Job:
    """Add a job to the registry; the same id may not name two different functions."""
    known = JOBS.get(job_id)
    if known is not None and _name(known.func) != _name(func):
        raise ValueError(f"scheduled job id {job_id!r} is already used by {_name(known.func)}")
    if spaced and trigger != "interval":
        raise ValueError(f"scheduled job {job_id!r}: only an interval can be spaced")
    job = Job(job_id, func, trigger, trigger_args, run_at_start, quiet_when_idle, spaced)
    JOBS[job_id] = job
    return job


def scheduled_job(job_id: str, **options):
    """Decorator form of register(): `@scheduled_job("id", trigger="interval", seconds=5)`."""
    def decorator(func):
        """Register func and hand it back unchanged."""
        register(job_id, func, **options)
        return func
    return decorator


def _name(func: Callable) -> str:
    """module.qualname of a function (a re-imported module registers the same name again)."""
    return f"{func.__module__}.{func.__qualname__}"
