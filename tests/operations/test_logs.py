"""Logs: a request id on every line, JSON on demand, and never a secret."""
import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from sqlalchemy import select

from tests.fixtures.app import CSRF_RE
from tests.fixtures.sandbox import CLIENT_SECRET, DEMO
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import CONSENT_URL_RE
from webapp import logs
from webapp.extensions import db
from webapp.models import Authorization, ConsentRequest
from webapp.scheduler import JOBS
from webapp.scheduler.runner import run_job

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def formatted_logs():
    """What our text and JSON handlers write while the block runs: (text, json) buffers."""
    buffers = io.StringIO(), io.StringIO()
    handlers = [logging.StreamHandler(buffers[0]), logging.StreamHandler(buffers[1])]
    handlers[0].setFormatter(logs.TextFormatter())
    handlers[1].setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    for handler in handlers:
        root.addHandler(handler)
    try:
        yield buffers
    finally:
        for handler in handlers:
            root.removeHandler(handler)


def test_request_id_is_taken_from_the_client_and_returned(client, caplog):
    response = client.get("/healthz", headers={"X-Request-ID": "pos-42.retry:1"})
    assert response.headers["X-Request-ID"] == "pos-42.retry:1"
    line = [r for r in caplog.records if r.name == "webapp.request"][-1]
    assert line.request_id == "pos-42.retry:1" and "GET /healthz 200" in line.getMessage()


def test_request_id_is_made_when_missing_or_unfit(client, caplog):
    made = client.get("/healthz").headers["X-Request-ID"]
    forged = client.get("/healthz", headers={"X-Request-ID": "x\" status=500"})
    assert len(made) == 32 and forged.headers["X-Request-ID"] not in (made, "x\" status=500")
    ids = [r.request_id for r in caplog.records if r.name == "webapp.request"]
    assert ids == [made, forged.headers["X-Request-ID"]]


def test_each_job_run_logs_one_line_under_its_own_id(app, caplog):
    caplog.set_level(logging.DEBUG, logger="webapp.scheduler")
    run_job(app, JOBS["heartbeat"])
    lines = [r for r in caplog.records if r.name == "webapp.scheduler"]
    assert len(lines) == 1 and lines[0].request_id.startswith("job-heartbeat-")


def test_json_lines_carry_the_request_fields(client):
    with formatted_logs() as (_, json_out):
        client.get("/readyz", headers={"X-Request-ID": "probe-1"})
    entry = [json.loads(line) for line in json_out.getvalue().splitlines()
             if '"webapp.request"' in line][-1]
    assert entry["request_id"] == "probe-1" and entry["path"] == "/readyz"
    assert entry["status"] == 503 and entry["method"] == "GET" and "duration_ms" in entry


def test_log_format_json_setting_writes_json_lines(tmp_path):
    """A real process started with LOG_FORMAT=json: every stderr line is a JSON object."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TRACEBRIDGE_ENV": "development",
           "TRACEBRIDGE_INSTANCE": str(tmp_path / "instance"), "LOG_FORMAT": "json"}
    # Values no random request id can contain by chance (a hex id once held "abc").
    code = ("from wsgi import app; "
            "app.test_client().get('/healthz?code=oauth-code-Q7&state=oauth-state-Z9')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert any(e["logger"] == "webapp.request" and e["path"] == "/healthz" for e in lines)
    assert "oauth-code-Q7" not in done.stderr and "oauth-state-Z9" not in done.stderr


def test_redaction_of_secret_looking_values():
    line = logs.redact('GET /cb?code=AbC123&state=s-9 "refresh_token": "rt-1" Bearer tb_abcdefgh12')
    assert "AbC123" not in line and "s-9" not in line and "rt-1" not in line
    assert "tb_abcdefgh12" not in line and line.count("[redacted]") == 4


def _csrf(page: str) -> str:
    """The CSRF token a page carries (form field or htmx header)."""
    match = CSRF_RE.search(page)
    return match.group(1) or match.group(2)


def _signed_in_browser(url, email):
    """A requests session signed in through the real login form."""
    browser = requests.Session()
    page = browser.get(f"{url}/login", timeout=10).text
    token = _csrf(page)
    answer = browser.post(f"{url}/login", data={"email": email, "password": PASSWORD,
                                                "csrf_token": token}, timeout=10)
    assert answer.status_code == 200, answer.text[-600:]
    return browser


def test_no_secret_in_any_log_line_of_a_consent_walk_through(app, live_server, sandbox, world,
                                                            caplog):
    """Register, consent, callback, status polls and a connection test over real HTTP; then
    every captured line is searched for each secret that went by."""
    caplog.set_level(logging.DEBUG)
    store = world.a.downtown
    with formatted_logs() as (text_out, json_out):
        browser = _signed_in_browser(live_server.url, world.a.admin.email)
        page = browser.get(f"{live_server.url}/config/integration/", timeout=10).text
        headers = {"HX-Request": "true", "X-CSRFToken": _csrf(page)}
        answer = browser.post(
            f"{live_server.url}/config/integration/{store.id}/register", headers=headers,
            data={"ubi": DEMO["ubi"], "license": store.biotrack_license,
                  "username": DEMO["admin"][0], "password": DEMO["admin"][1]}, timeout=10)
        consent = CONSENT_URL_RE.search(answer.text).group(1).replace("&amp;", "&")
        callback = sandbox.grant_consent(consent, ubi=DEMO["ubi"], username=DEMO["admin"][0],
                                         password=DEMO["admin"][1])
        assert browser.get(callback, timeout=10).status_code == 200
        browser.get(f"{live_server.url}/config/integration/{store.id}/status", headers=headers,
                    timeout=10)
        tested = browser.post(f"{live_server.url}/config/integration/{store.id}/test",
                              headers=headers, timeout=10)
        assert "Test connection passed" in tested.text
    db.session.expire_all()
    auth = db.session.scalar(select(Authorization).where(Authorization.location_id == store.id))
    verifier = db.session.scalar(select(ConsentRequest.code_verifier))
    query = parse_qs(urlsplit(callback).query)
    secrets = {"code": query["code"][0], "state": query["state"][0],
               "password": DEMO["admin"][1], "access token": auth.access_token,
               "refresh token": auth.refresh_token, "client secret": CLIENT_SECRET,
               "code verifier": verifier, "secret key": app.config["SECRET_KEY"],
               "session cookie": browser.cookies.get("session")}
    captured = "\n".join([caplog.text, text_out.getvalue(), json_out.getvalue(),
                          *(r.getMessage() for r in caplog.records)])
    assert "GET /config/integration/callback 200" in captured  # the scan saw the callback
    leaked = [name for name, value in secrets.items() if value and value in captured]
    assert not leaked, f"in the logs: {leaked}"


def test_one_line_per_request_on_the_development_server(live_server, caplog):
    """werkzeug's own access line would repeat ours without the request id: it is dropped."""
    requests.get(f"{live_server.url}/healthz?code=c-1&state=s-1", timeout=10)
    ours = [r for r in caplog.records if r.name == "webapp.request"]
    theirs = [r for r in caplog.records if r.name == "werkzeug" and "/healthz" in r.getMessage()]
    assert len(ours) == 1 and theirs == []
