"""Retention: nothing is deleted; a month of a store's log can be written out for an archive."""
import csv
import io
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bench.history import seed_history
from webapp.extensions import db
from webapp.models import Action


def test_archive_month_writes_that_month_of_the_store_and_keeps_everything(app, world):
    """Exactly the store's actions whose day (in its zone) falls in the month, oldest first."""
    a = world.a
    seed_history([a.downtown, a.uptown], [a.admin.id, a.clerk.id], 600)
    before = db.session.scalar(select(func.count(Action.id)))
    zone = ZoneInfo(a.downtown.time_zone)
    times = db.session.execute(select(Action.external_id, Action.performed_at).where(
        Action.location_id == a.downtown.id)).all()
    month = min(at for _, at in times).astimezone(zone).strftime("%Y-%m")
    expected = {ext for ext, at in times if at.astimezone(zone).strftime("%Y-%m") == month}
    result = app.test_cli_runner().invoke(args=["archive-month", "Downtown", month,
                                                "--organization", a.org.name])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["external_id"] for r in rows} == expected and len(rows) == len(expected)
    assert db.session.scalar(select(func.count(Action.id))) == before


def test_archive_month_explains_a_bad_month_or_store(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["archive-month", "Downtown", "January"])
    assert result.exit_code != 0 and "YYYY-MM" in result.output
    result = runner.invoke(args=["archive-month", "Nowhere", "2026-01"])
    assert result.exit_code != 0 and "No store named 'Nowhere'" in result.output
