"""/metrics: the reporting lag, authorizations, jobs, BioTrack latency, behind METRICS_TOKEN."""
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from tests.fixtures.integration import authorize_store
from tests.delivery.helpers import drain_until_settled, sale
from webapp.extensions import db
from webapp.models import Action, utcnow
from webapp.scheduler import JOBS
from webapp.scheduler.runner import run_job

TOKEN = "metrics-test-token"


@pytest.fixture
def app_config(app_config):
    app_config["METRICS_TOKEN"] = TOKEN
    return app_config


def scrape(client) -> dict:
    """{(sample name, frozenset(labels)): value} of one scrape."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type.startswith("text/plain")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


def lag_of(samples, location) -> float:
    return samples[("tracebridge_report_lag_seconds",
                    frozenset({"location_id": str(location.id), "store": location.name}.items()))]


def test_metrics_need_the_token(client):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "METRICS_TOKEN" in wrong.get_json()["error"]["message"]


def test_metrics_are_off_without_a_token_setting(app, client):
    app.config["METRICS_TOKEN"] = None
    response = client.get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 401 and "set METRICS_TOKEN" in response.get_data(as_text=True)


def test_lag_grows_while_delivery_is_stopped_and_falls_to_zero_after(app, client, sandbox, world):
    authorize_store(sandbox, world.a.downtown)
    assert lag_of(scrape(client), world.a.downtown) == 0
    first = sale(world.a.downtown, world.a.clerk, "LAG-1")
    sale(world.a.downtown, world.a.clerk, "LAG-2")
    # Delivery is stopped (nothing drains); the first report was received 20 minutes ago.
    db.session.execute(update(Action).where(Action.id == first.id)
                       .values(created_at=utcnow() - timedelta(minutes=20)))
    db.session.commit()
    before = scrape(client)
    assert 20 * 60 <= lag_of(before, world.a.downtown) < 21 * 60
    assert lag_of(before, world.a.uptown) == 0
    assert before[("tracebridge_reports", frozenset({"status": "queued"}.items()))] == 2
    later = lag_of(scrape(client), world.a.downtown)
    assert later >= lag_of(before, world.a.downtown)
    drain_until_settled()
    after = scrape(client)
    assert lag_of(after, world.a.downtown) == 0
    assert after[("tracebridge_reports", frozenset({"status": "delivered"}.items()))] == 2
    assert after[("tracebridge_delivery_attempts_total",
                  frozenset({"outcome": "delivered"}.items()))] >= 2
    dispense = [v for (name, labels), v in after.items()
                if name == "tracebridge_biotrack_request_seconds_count"
                and ("operation", "POST v1/dispense") in labels]
    assert sum(dispense) >= 2


def test_authorization_days_left_and_states(app, client, sandbox, world):
    auth = authorize_store(sandbox, world.a.downtown)
    auth.expires_at = utcnow() + timedelta(days=6, hours=12)
    db.session.commit()
    samples = scrape(client)
    days = samples[("tracebridge_authorization_days_left", frozenset(
        {"location_id": str(world.a.downtown.id), "store": "Downtown"}.items()))]
    assert 6.4 < days < 6.6
    assert samples[("tracebridge_authorizations", frozenset({"state": "expiring"}.items()))] == 1


def test_scheduler_job_runs_failures_and_last_success(app, client):
    run_job(app, JOBS["heartbeat"])
    failing = JOBS["heartbeat"].__class__("always-fails", lambda now: 1 / 0, "interval")
    run_job(app, failing)
    samples = scrape(client)
    job = lambda name: frozenset({"job": name}.items())  # noqa: E731
    assert samples[("tracebridge_scheduler_job_runs_total", job("heartbeat"))] == 1
    assert samples[("tracebridge_scheduler_job_failures_total", job("always-fails"))] == 1
    assert samples[("tracebridge_scheduler_job_failures_total", job("heartbeat"))] == 0
    assert abs(samples[("tracebridge_scheduler_job_last_success_timestamp_seconds",
                        job("heartbeat"))] - utcnow().timestamp()) < 60
    assert ("tracebridge_scheduler_job_last_success_timestamp_seconds",
            job("always-fails")) not in samples


def test_outbox_depth_and_failures(app, client):
    from webapp.mail import queue_email
    from webapp.models import OutboxMessage
    rows = queue_email(to=["a@x.test", "b@x.test"], subject="Hi", template="expiry_warning",
                       context={"organization": "Org", "location": "Store", "license": "NY-1",
                                "days_left": 3, "expires_at": "soon", "renew_url": "http://x"})
    rows[1].status = "failed"
    db.session.commit()
    samples = scrape(client)
    assert samples[("tracebridge_mail_outbox", frozenset({"status": "queued"}.items()))] == 1
    assert samples[("tracebridge_mail_outbox", frozenset({"status": "failed"}.items()))] == 1
    assert db.session.query(OutboxMessage).count() == 2
