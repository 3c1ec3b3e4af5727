"""/healthz and /readyz: what an orchestrator polls, without a session."""
import shutil
from datetime import timedelta

import pytest
from flask_migrate import upgrade

from tests.fixtures.app import IsolatedClient, base_config
from webapp import create_app
from webapp.extensions import db
from webapp.models import utcnow
from webapp.operations import readiness
from webapp.scheduler import JOBS
from webapp.scheduler.runner import run_job
from webapp.scheduler.status import HEARTBEAT_JOB


def _ready(client):
    """(status code, body) of /readyz."""
    response = client.get("/readyz")
    assert "Set-Cookie" not in response.headers
    return response.status_code, response.get_json()


def test_healthz_answers_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_stale_heartbeat_makes_it_unready_until_the_scheduler_runs_again(app, client):
    """No heartbeat yet, then a fresh one, then one 10 minutes old, then fresh again."""
    status, body = _ready(client)
    assert status == 503 and not body["checks"]["scheduler"]["ok"]
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
    assert run_job(app, JOBS[HEARTBEAT_JOB])
    status, body = _ready(client)
    assert status == 200 and body["status"] == "ready", body
    assert run_job(app, JOBS[HEARTBEAT_JOB], now=utcnow() - timedelta(minutes=10))
    status, body = _ready(client)
    assert status == 503 and "stale" in body["checks"]["scheduler"]["detail"]
    assert run_job(app, JOBS[HEARTBEAT_JOB])
    assert _ready(client)[0] == 200


def test_biotrack_down_is_reported_but_not_fatal(app, client):
    """BIOTRACK_BASE_URL points at a closed port in tests: ready all the same, and it says so."""
    readiness.forget_biotrack()
    run_job(app, JOBS[HEARTBEAT_JOB])
    status, body = _ready(client)
    assert status == 200
    assert body["checks"]["biotrack"]["ok"] is False
    assert body["checks"]["biotrack"]["required"] is False


def test_biotrack_reachable(app, client, sandbox):
    readiness.forget_biotrack()
    run_job(app, JOBS[HEARTBEAT_JOB])
    assert _ready(client)[1]["checks"]["biotrack"]["ok"] is True


@pytest.fixture
def own_database(tmp_path):
    """A SQLite database of this test's own in a folder the test can take away."""
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(base_config(f"sqlite:///{folder / 'tb.sqlite3'}"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        run_job(app, JOBS[HEARTBEAT_JOB])
        yield app, folder
        db.engine.dispose()


def test_database_gone_makes_it_unready_and_back_makes_it_ready(own_database, tmp_path):
    app, folder = own_database
    client = app.test_client()
    assert _ready(client)[0] == 200
    db.session.remove()
    shutil.move(folder, tmp_path / "away")
    db.engine.dispose()  # the pooled connections went with the database
    status, body = _ready(client)
    assert status == 503 and not body["checks"]["database"]["ok"]
    assert "skipped" in body["checks"]["scheduler"]["detail"]
    shutil.move(tmp_path / "away", folder)
    assert _ready(client)[0] == 200


def test_database_behind_the_code_is_unready(app, client):
    """A deployment that forgot `db upgrade` is not ready, and the answer says what to run."""
    run_job(app, JOBS[HEARTBEAT_JOB])
    from sqlalchemy import text
    with db.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0006'"))
    try:
        status, body = _ready(client)
        assert status == 503 and "db upgrade heads" in body["checks"]["migrations"]["detail"]
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
