"""Scheduled jobs, run by ONE `flask --app wsgi scheduler`.

A job is a function of the current time, run inside an app context, that commits its own
work and returns a small dict of counts (logged after each run). It is declared with its
schedule, and listed in its feature's declaration (webapp/features.py), which puts it in
JOBS when the app is created:

    from webapp.scheduler import scheduled_job

    @scheduled_job("credential-check", trigger="cron", hour=3, minute=15)
    def verify_linked_credentials(now):
        ...
        return {"checked": n, "invalid": k}

    FEATURE = Feature("credentials", jobs=(verify_linked_credentials,))

Jobs take `now` (aware UTC) so tests move the clock instead of sleeping; the runner passes
the real time. Every job must be safe if two schedulers run it at once: make each e-mail and
state change conditional on a unique key or a compare-and-set UPDATE in the database.
Triggers are APScheduler's ("interval", "cron", "date") with its keyword arguments; cron
fields are read in the scheduler's zone (America/New_York).
"""
from dataclasses import dataclass, field
from typing import Callable

UNFINISHED = "unfinished"  # in a spaced job's counts: its time ran out with work left


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
    # is followed by the next one, never skipped or overlapped; a run whose result (a dict)
    # says `unfinished` (its time ran out with work left) is followed at once.
    spaced: bool = False


JOBS: dict[str, Job] = {}


def declare(job_id: str, func: Callable, *, trigger: str = "interval",
            run_at_start: bool = False, quiet_when_idle: bool = False, spaced: bool = False,
            **trigger_args) -> Job:
    """A job and its schedule (not yet in JOBS)."""
    if spaced and trigger != "interval":
        raise ValueError(f"scheduled job {job_id!r}: only an interval can be spaced")
    return Job(job_id, func, trigger, trigger_args, run_at_start, quiet_when_idle, spaced)


def add_job(job: Job) -> Job:
    """Put a job in the registry; the same id may not name two different functions."""
    known = JOBS.get(job.id)
    if known is not None and _name(known.func) != _name(job.func):
        raise ValueError(f"scheduled job id {job.id!r} is already used by {_name(known.func)}")
    JOBS[job.id] = job
    return job


def register(job_id: str, func: Callable, **options) -> Job:
    """Declare a job and put it in the registry at once."""
    return add_job(declare(job_id, func, **options))


def scheduled_job(job_id: str, **options):
    """Declare a function's schedule (`func.job`); its feature lists it to have it run."""
    def decorator(func):
        """Attach the job to func and hand func back unchanged."""
        func.job = declare(job_id, func, **options)
        return func
    return decorator


def _name(func: Callable) -> str:
    """module.qualname of a function (a re-imported module registers the same name again)."""
    return f"{func.__module__}.{func.__qualname__}"
