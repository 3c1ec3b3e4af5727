"""Every command the README shows, run as written in a new shell (bash, PATH and HOME only).

Commands that need a running app run against the test's live server (its URL put in place of
127.0.0.1:5000); production commands get real values in place of the README's `…`.
"""
import re
import shlex
import signal
import subprocess
import time

import pytest
import requests

from tests.fixtures.integration import authorize_store
from tests.operations.readme import (APP_URL, ROOT, clean_environment, commands, free_port, run,
                                     scratch_copy)
from tests.delivery.helpers import drain_until_settled
from webapp import credentials, demo
from webapp.models import utcnow
from webapp.config_page.api_tokens import tokens
from webapp.scheduler.status import HEARTBEAT_JOB, record_run

DEV = "TRACEBRIDGE_ENV=development "


def kind(command: str) -> str:
    """How the test runs a README command."""
    if command.startswith(("make ", "PORT=")):
        return "make"
    if command.startswith((DEV, "TOKEN=$(" + DEV, ".venv/bin/python -c")):
        return "development"
    if command.startswith("curl "):
        return "api"
    if command.startswith(("export ", ".venv/bin/flask", ".venv/bin/gunicorn")):
        return "production"
    if command.startswith("python3 -m venv .venv && .venv/bin/pip install --require-hashes"):
        return "install"  # the Makefile's install step runs this very pip command every `make test`
    raise AssertionError(f"README command with no test: {command}")


def of_kind(name):
    return [c for c in commands() if kind(c) == name]


def assert_clean(done, command):
    """Exit status 0 and not a trace of a traceback."""
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in output, f"{command}\n{output[-2000:]}"


def test_every_readme_command_has_a_test():
    assert len(commands()) > 15
    for command in commands():
        kind(command)


# Ports Chrome and Firefox refuse to open (the ones a web app might be moved to).
REFUSED_PORTS = {1719, 1720, 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
                 6668, 6669, 6697, 10080}


def test_no_port_in_the_readme_is_one_browsers_refuse():
    text = (ROOT / "README.md").read_text()
    ports = {int(p) for p in re.findall(r"(?:PORT=|127\.0\.0\.1:|localhost:)(\d+)", text)}
    assert ports and not ports & REFUSED_PORTS, ports & REFUSED_PORTS


def test_make_commands_resolve(tmp_path):
    """`make -n` shows what each make command would run (nothing is run)."""
    for number, command in enumerate(of_kind("make")):
        words = shlex.split(command, comments=True)
        done = run(" ".join(words[:-1] + ["-n", words[-1]]), scratch_copy(tmp_path / str(number)),
                   clean_environment(tmp_path))
        assert_clean(done, command)
        if command.startswith("PORT=5100"):
            assert "APP_BASE_URL=http://127.0.0.1:5100" in done.stdout
            assert "BIOTRACK_BASE_URL=http://127.0.0.1:5150" in done.stdout


def test_development_commands_in_a_new_checkout(tmp_path):
    checkout, env = scratch_copy(tmp_path), clean_environment(tmp_path)
    # What `make run` did before (make demo): migrate and seed.
    for step in ("db upgrade heads", "seed-demo"):
        assert_clean(run(f"{DEV}.venv/bin/flask --app wsgi {step}", checkout, env), step)
    for command in of_kind("development"):
        shown = command + (' && echo "token: $TOKEN"' if command.startswith("TOKEN=") else "")
        done = run(shown, checkout, env)
        assert_clean(done, command)
        if command.startswith("TOKEN="):
            assert "token: tb_" in done.stdout


def test_without_settings_each_flask_command_says_what_is_missing_in_one_line(tmp_path):
    checkout, env = scratch_copy(tmp_path), clean_environment(tmp_path)
    flask = {c.replace("TOKEN=$(", "").split(" | ")[0].replace(DEV, "")
             for c in commands() if ".venv/bin/flask" in c}
    bad_values = {"LOG_FORMAT": "xml", "DATABASE_URL": "mysql://db/x", "MAIL_PORT": "smtp"}
    for command in sorted(flask):
        done = run(command, checkout, env)
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "SECRET_KEY" in done.stderr and "TRACEBRIDGE_ENV=development" in done.stderr
        for name, value in bad_values.items():
            done = run(f"{DEV}{name}={value} {command}", checkout, env)
            assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1
            assert name in done.stderr and "Traceback" not in done.stderr, done.stderr


def _production_environment(tmp_path, sandbox) -> dict:
    """The README's exports, with a real value wherever it shows `…` (or a remote server)."""
    values = {"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
              "SECRET_KEY": "prod-secret-key-for-the-test",
              "CREDENTIALS_KEYS": "8J4xCBhwZ0kH0Yj5yXGf0QnJ8b0WZ1p0bq7dU8b2s3E=",
              "BIOTRACK_BASE_URL": sandbox.url, "BIOTRACK_CLIENT_ID": "tracebridge-dev",
              "BIOTRACK_CLIENT_SECRET": "tracebridge-dev-secret", "MAIL_USERNAME": "mailer",
              "MAIL_PASSWORD": "mail-pass", "METRICS_TOKEN": "prod-metrics-token",
              "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    env = clean_environment(tmp_path)
    for command in of_kind("production"):
        if command.startswith("export "):
            for word in shlex.split(command, comments=True)[1:]:
                name, _, value = word.partition("=")
                env[name] = values[name] if "…" in value or name in values else value
    (tmp_path / "metrics").mkdir()
    return env


def _start(command, checkout, env, log):
    return subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=checkout, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def test_production_commands(tmp_path, sandbox):
    """Migrate, serve with gunicorn, run the scheduler (then /readyz is ready) and a worker."""
    checkout, env = scratch_copy(tmp_path), _production_environment(tmp_path, sandbox)
    runs = [c for c in of_kind("production") if not c.startswith("export ")]
    assert_clean(run(runs[0], checkout, env), runs[0])
    servers = [c for c in runs[1:]
               if c.split("#")[0].split()[-1] in ("wsgi:app", "scheduler", "deliver")]
    port = free_port()
    started = {}
    try:
        for command in servers:
            shown = command.replace("0.0.0.0:8000", f"127.0.0.1:{port}")
            log = open(tmp_path / f"{len(started)}.log", "w+")
            started[command] = (_start(shown, checkout, env, log), log)
        ready = _wait_for_ready(f"http://127.0.0.1:{port}")
        assert ready["status"] == "ready", ready
        for command, (process, _) in started.items():
            assert process.poll() is None, f"{command} stopped"
        for command in (c for c in runs[1:] if c not in servers):
            _one_shot_is_clean(run(command, checkout, env), command)
    finally:
        for process, _ in started.values():
            process.send_signal(signal.SIGTERM)
        for command, (process, log) in started.items():
            code = process.wait(30)
            log.seek(0)
            output = log.read()
            assert code == 0, f"{command} exited {code}\n{output[-3000:]}"
            assert "Traceback" not in output, f"{command}\n{output[-2000:]}"


def _one_shot_is_clean(done, command) -> None:
    """A command that runs and ends: it works, or says in one line why (here, in a fresh
    production database, the README's store "Downtown" does not exist yet)."""
    output = (done.stdout + done.stderr).strip()
    assert "Traceback" not in output, f"{command}\n{output[-2000:]}"
    assert done.returncode == 0 or (output.startswith("Error:") and "\n" not in output), \
        f"{command}\n{output[-2000:]}"


def _wait_for_ready(url, seconds=90) -> dict:
    """/readyz once the scheduler's first heartbeat is in (the app starts first)."""
    deadline, body = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            body = requests.get(f"{url}/readyz", timeout=5).json()
            if body["status"] == "ready":
                return body
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return body or {}


@pytest.fixture
def app_config(app_config):
    app_config["METRICS_TOKEN"] = "dev-metrics-token"
    return app_config


def test_api_walk_through_in_the_readme_order(app, live_server, sandbox, tmp_path):
    """Connect the store, link the clerk, make a token; then the README's curl commands."""
    organization = demo.seed()
    downtown, clerk = organization.locations[0], _demo_clerk()
    authorize_store(sandbox, downtown)
    credentials.add_credential(clerk, location=downtown, username="clerk@demo.test",
                               password="bt-clerk-pass")
    token = tokens.create(downtown, "README")[1]
    record_run(HEARTBEAT_JOB, ok=True, at=utcnow(), duration_ms=1)
    env = clean_environment(tmp_path)
    for command in of_kind("api"):
        if "/api/v1/actions/" in command:
            drain_until_settled()  # the scheduler's report-delivery job, run now
        done = run(f"TOKEN={token}\n" + command.replace(APP_URL, live_server.url), tmp_path, env)
        assert_clean(done, command)
        assert '"error"' not in done.stdout, f"{command}\n{done.stdout}"
        if "/api/v1/actions/1" in command:
            assert '"status":"delivered"' in done.stdout
            assert '"reported_as":"clerk@demo.test"' in done.stdout
        if "/readyz" in command:
            assert '"status":"ready"' in done.stdout
        if "/metrics" in command:
            assert 'tracebridge_report_lag_seconds{location_id="%d",store="Downtown"} 0.0' % \
                downtown.id in done.stdout


def _demo_clerk():
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import User
    return db.session.scalar(select(User).where(User.email == "clerk@demo.test"))
