"""Running the registered jobs: APScheduler in the foreground, one run at a time per job."""
import logging
import signal
import threading
import time
from datetime import timedelta
import uuid

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from webapp import logs
from webapp.extensions import db
from webapp.models import DEFAULT_TIME_ZONE, utcnow
from webapp.scheduler import UNFINISHED
from webapp.scheduler.status import record_run

log = logging.getLogger("webapp.scheduler")
MISFIRE_GRACE_SECONDS = 300
WORKER_THREADS = 4


def run_job(app, job, now=None) -> bool:
    """Run one job once in its own app context under its own request id, logging its duration
    and result and recording the run in the database. True if it ran without an error."""
    return _run(app, job, now)[0]


def _run(app, job, now=None) -> tuple[bool, object]:
    """run_job, and the job's result (None after an error)."""
    now = now or utcnow()
    started = time.perf_counter()
    with app.app_context(), logs.request_id(f"job-{job.id}-{uuid.uuid4().hex[:8]}"):
        try:
            result = job.func(now)
        except Exception:
            db.session.rollback()
            log.exception("job %s failed after %.3f s", job.id, time.perf_counter() - started)
            _record(job, ok=False, at=now, started=started)
            return False, None
        level = logging.DEBUG if job.quiet_when_idle and not _did_something(result) \
            else logging.INFO
        log.log(level, "job %s ran in %.3f s: %s", job.id, time.perf_counter() - started,
                _describe(result))
        _record(job, ok=True, at=now, started=started)
    return True, result


def _record(job, *, ok, at, started) -> None:
    """Count the run for /readyz and the metrics; a failure to count never stops the job."""
    try:
        record_run(job.id, ok=ok, at=at, duration_ms=int((time.perf_counter() - started) * 1000))
    except Exception:
        db.session.rollback()
        log.exception("job %s: could not record the run", job.id)


def _did_something(result) -> bool:
    """Whether a run's result reports any work."""
    return any(result.values()) if isinstance(result, dict) else bool(result)


def _describe(result) -> str:
    """A job result as one log-friendly line."""
    if isinstance(result, dict):
        return " ".join(f"{key}={value}" for key, value in result.items()) or "nothing to do"
    return "nothing to do" if result is None else str(result)


def build_scheduler(app, jobs) -> BlockingScheduler:
    """A foreground scheduler with an in-memory job store: the state that matters is in the
    database, so nothing about the schedule needs to survive a restart."""
    scheduler = BlockingScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(WORKER_THREADS)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE_SECONDS},
        timezone=DEFAULT_TIME_ZONE)
    for job in jobs:
        if job.spaced:
            first = utcnow() + (timedelta() if job.run_at_start else timedelta(**job.trigger_args))
            _book(scheduler, app, job, first)
            continue
        extra = {"next_run_time": utcnow()} if job.run_at_start else {}
        scheduler.add_job(run_job, job.trigger, args=(app, job), id=job.id, name=job.id,
                          **job.trigger_args, **extra)
    return scheduler


def _book(scheduler, app, job, when) -> None:
    """Schedule one run of a spaced job."""
    scheduler.add_job(_run_spaced, "date", run_date=when, args=(scheduler, app, job), id=job.id,
                      name=job.id, replace_existing=True)


def _run_spaced(scheduler, app, job) -> None:
    """Run a spaced job, again at once while a run stops with work left (its result says
    `unfinished`), then book its next run one interval after the last one ended: a backlog is
    worked off without rests, an idle queue is polled at the interval.

    The runs go on in this call rather than being booked at once: a booking made while this
    run still counts as running would be refused by the one-instance rule and lost.
    Booking waits for the scheduler's own bookkeeping of this run (both hold its job store lock),
    so the finished run's entry is gone before the next one is added.
    """
    try:
        while scheduler.running:
            ok, result = _run(app, job)
            if not (ok and isinstance(result, dict) and result.get(UNFINISHED)):
                break
    finally:
        if scheduler.running:
            _book(scheduler, app, job, utcnow() + timedelta(**job.trigger_args))


def _main_loop(scheduler) -> None:
    """The scheduler's loop in this thread, until it is shut down.

    APScheduler's loop can lose a race with a shutdown: it submits a one-off (date) run, the
    stop sets the state to stopped, then the loop's removal of that run looks for it among the
    not-yet-started jobs and raises JobLookupError. When stopping that is the end of the loop,
    not an error (the running jobs are still waited for).
    """
    try:
        scheduler.start()
    except JobLookupError:
        if scheduler.running:
            raise


def serve(app, jobs) -> None:
    """Run the jobs until SIGTERM or SIGINT, then let running jobs finish and return."""
    # Our lines (start, each run, stop) say more than APScheduler's; its warnings still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = build_scheduler(app, jobs)
    stopping = []

    def shut_down(signame):
        """Stop taking jobs, wait for the running ones; the main loop then returns."""
        log.info("scheduler stopping (%s): waiting for running jobs", signame)
        scheduler.shutdown()

    def stop(signum, frame):
        """Hand the shutdown to a thread: the interrupted main loop may hold the locks it needs."""
        if not stopping:
            stopping.append(threading.Thread(target=shut_down, name="scheduler-stop",
                                             args=(signal.Signals(signum).name,)))
            stopping[0].start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        log.info("scheduler started with jobs: %s (e-mail through %s:%s)",
                 ", ".join(j.id for j in jobs), app.config.get("MAIL_SERVER"),
                 app.config.get("MAIL_PORT"))
        _main_loop(scheduler)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if stopping:
            stopping[0].join()
    log.info("scheduler stopped")
