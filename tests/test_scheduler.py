"""The scheduler: a registry of jobs, one foreground process, clean stop on SIGTERM."""
import gc
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import select

from tests.fixtures.app import TEST_KEY
from tests.fixtures.expiry import grant
from webapp import create_app
from webapp.extensions import db
from webapp.models import AuditEvent, ExpiryWarning, utcnow
from webapp.scheduler import JOBS, UNFINISHED, Job, add_job, register, scheduled_job
from webapp.scheduler.runner import build_scheduler, run_job

ROOT = Path(__file__).resolve().parents[1]


def test_features_register_their_jobs(app):
    """Expiry check hourly and at start; e-mail delivery every few seconds and at start."""
    expiry, mail = JOBS["expiry-check"], JOBS["mail-delivery"]
    assert (expiry.trigger, expiry.trigger_args, expiry.run_at_start) == (
        "interval", {"minutes": 60}, True)
    assert (mail.trigger, mail.trigger_args, mail.run_at_start) == (
        "interval", {"seconds": 5}, True)


def test_a_job_id_names_one_function():
    """Registering another function under a taken id is refused; the same one again is not."""
    @scheduled_job("test-job", trigger="cron", hour=3)
    def nightly(now):
        """A job like issue 8's nightly sync would add."""
        return {"checked": 0}
    assert "test-job" not in JOBS  # declared only: its feature's list puts it in JOBS
    add_job(nightly.job)
    try:
        assert JOBS["test-job"].trigger_args == {"hour": 3}
        register("test-job", nightly, trigger="cron", hour=4)  # a module imported twice
        with pytest.raises(ValueError, match="already used"):
            register("test-job", lambda now: None)
    finally:
        JOBS.pop("test-job")


def test_run_job_passes_the_time_and_logs_duration_and_result(app, caplog):
    """A run gets `now`, runs in an app context, and leaves one log line with its result."""
    seen = []
    job = Job("probe", lambda now: seen.append(now) or {"done": 1}, "interval", {"seconds": 1})
    now = utcnow()
    with caplog.at_level(logging.INFO, logger="webapp.scheduler"):
        assert run_job(app, job, now) is True
    assert seen == [now]
    assert "job probe ran in" in caplog.text and "done=1" in caplog.text


def test_failed_run_is_rolled_back_and_logged(app, world, caplog):
    """An exception does not stop the scheduler: the session is rolled back, the error logged."""
    def broken(now):
        """Writes something, then fails."""
        from webapp import audit
        audit.record("half.done", organization_id=world.a.org.id)
        db.session.flush()
        raise RuntimeError("boom")
    assert run_job(app, Job("broken", broken, "interval"), utcnow()) is False
    assert "job broken failed" in caplog.text and "RuntimeError: boom" in caplog.text
    assert db.session.scalar(select(AuditEvent)) is None


def test_idle_runs_of_frequent_jobs_are_quiet(app, caplog):
    """The outbox job runs every 5 s: runs that did nothing log at DEBUG only."""
    job = Job("often", lambda now: {"sent": 0}, "interval", {}, quiet_when_idle=True)
    with caplog.at_level(logging.INFO, logger="webapp.scheduler"):
        run_job(app, job)
    assert "often" not in caplog.text


def test_scheduler_settings(app):
    """In-memory store, one run at a time per job, missed runs coalesced, start-up runs now."""
    scheduler = build_scheduler(app, list(JOBS.values()))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(JOBS)
    assert scheduler._job_defaults == {"coalesce": True, "max_instances": 1,
                                       "misfire_grace_time": 300}
    assert type(scheduler._jobstores["default"]).__name__ == "MemoryJobStore"
    assert str(scheduler.timezone) == "America/New_York"
    assert jobs["expiry-check"].next_run_time <= utcnow() + timedelta(seconds=1)


def test_the_web_app_never_starts_a_scheduler(app, client):
    """create_app() and requests (what gunicorn workers and the reloader run) start none."""
    create_app(app.config.copy())
    client.get("/healthz")
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, BaseScheduler)] == []


def test_cli_runs_one_job_on_request(app, world):
    """`flask scheduler --run expiry-check` runs it once now; unknown ids are refused."""
    grant(world.a.downtown, expires_at=utcnow() + timedelta(days=2))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["scheduler", "--run", "expiry-check"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(ExpiryWarning)).threshold == 3
    result = runner.invoke(args=["scheduler", "--run", "nope"])
    assert result.exit_code == 2 and "No such job: nope" in result.output
    result = runner.invoke(args=["scheduler", "--list"])
    assert "expiry-check" in result.output and "mail-delivery" in result.output


def test_cli_refuses_to_start_without_a_mail_server(app):
    """A scheduler that cannot send e-mail says which setting is missing."""
    app.config["MAIL_SERVER"] = None
    result = app.test_cli_runner().invoke(args=["scheduler"])
    assert result.exit_code == 2 and "MAIL_SERVER" in result.output


def _wait_for(predicate, timeout=30):
    """Poll until predicate() is true (another process is working); False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_scheduler_process_runs_jobs_and_stops_on_sigterm(app, world, database_url,
                                                          smtp_server, tmp_path):
    """`flask --app wsgi scheduler` runs the expiry check at start, sends its e-mail, logs each
    run, and exits 0 soon after SIGTERM."""
    grant(world.a.downtown, expires_at=utcnow() + timedelta(days=6, hours=12))
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="test", CREDENTIALS_KEYS=TEST_KEY,
               BIOTRACK_BASE_URL="http://127.0.0.1:9", BIOTRACK_CLIENT_ID="x",
               BIOTRACK_CLIENT_SECRET="y", APP_BASE_URL="https://tb.example",
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_server.port),
               TRACEBRIDGE_ENV="production", TRACEBRIDGE_INSTANCE=str(tmp_path))
    log_path = tmp_path / "scheduler.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"],
                                   cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: smtp_server.to("admin@a.test")), log_path.read_text()
        assert _wait_for(lambda: "job expiry-check ran in" in log_path.read_text())
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log_path.read_text()
    assert "scheduler started with jobs: " in output
    assert "warned=1" in output and "emails=1" in output
    assert "scheduler stopping (SIGTERM)" in output and "scheduler stopped" in output
    message = smtp_server.only_message_to("admin@a.test")
    assert "https://tb.example/config/integration/?location=" in message.get_body(
        ("plain",)).get_content()


def _run_until(app, job, runs, count) -> None:
    """Start a real scheduler with `job`, stop it once `runs` holds `count` runs (10 s at most)."""
    import threading
    scheduler = build_scheduler(app, [job])
    thread = threading.Thread(target=scheduler.start)
    thread.start()
    deadline = time.monotonic() + 10
    while len(runs) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    scheduler.shutdown()
    thread.join(timeout=10)


def test_a_spaced_job_outlasting_its_interval_is_never_skipped(app, caplog):
    """Runs longer than the interval: the next starts one interval after, no skipped runs."""
    runs = []

    def slow(now):
        """Takes longer than its interval, like a delivery run waiting for BioTrack."""
        runs.append((time.monotonic(), None))
        time.sleep(0.3)
        runs[-1] = (runs[-1][0], time.monotonic())
    job = Job("slow-spaced", slow, "interval", {"seconds": 0.1}, run_at_start=True, spaced=True)
    with caplog.at_level(logging.WARNING, logger="apscheduler"):
        _run_until(app, job, runs, 4)
    assert len(runs) >= 4
    finished = [r for r in runs if r[1] is not None]
    assert all(later[0] >= earlier[1] + 0.09 for earlier, later in zip(finished, runs[1:]))
    assert "skipped" not in caplog.text and "maximum number of running instances" not in caplog.text


def test_a_spaced_job_with_work_left_goes_on_at_once_and_rests_when_done(app):
    """A run that says `unfinished` is followed at once; the one that finished rests."""
    runs = []

    def backlog(now):
        """Two runs stopped by their time with work left, then one that finished it."""
        runs.append(time.monotonic())
        time.sleep(0.05)
        return {"delivered": 1, UNFINISHED: 1} if len(runs) < 3 else {"delivered": 1}
    job = Job("backlog", backlog, "interval", {"seconds": 1.5}, run_at_start=True, spaced=True)
    _run_until(app, job, runs, 4)
    assert len(runs) == 4
    gaps = [later - earlier - 0.05 for earlier, later in zip(runs, runs[1:])]
    assert gaps[0] < 0.5 and gaps[1] < 0.5  # no rest while work is left
    assert gaps[2] >= 1.4  # the run that finished it rests the interval


def test_report_delivery_rests_between_runs_instead_of_skipping():
    """The delivery job's cadence follows how long a run takes."""
    job = JOBS["report-delivery"]
    assert job.spaced and job.trigger == "interval"


class _LosesTheShutdownRace:
    """APScheduler's loop as it fails when a stop lands between submitting a one-off run and
    removing it: the state is already stopped, the removal raises JobLookupError."""

    def __init__(self, stopping: bool):
        self.running, self.stopping = True, stopping

    def start(self):
        from apscheduler.jobstores.base import JobLookupError
        if self.stopping:
            self.running = False
        raise JobLookupError("report-delivery")


def test_the_scheduler_stops_cleanly_when_its_loop_loses_the_race_with_the_stop(app, monkeypatch):
    from apscheduler.jobstores.base import JobLookupError

    from webapp.scheduler import runner
    monkeypatch.setattr(runner, "build_scheduler", lambda app, jobs: _LosesTheShutdownRace(True))
    runner.serve(app, [])  # returns: the process exits 0, as a stop should
    monkeypatch.setattr(runner, "build_scheduler", lambda app, jobs: _LosesTheShutdownRace(False))
    with pytest.raises(JobLookupError):  # not while running: that would be a real fault
        runner.serve(app, [])
