"""Migrations: they build the schema the models describe, and go down again."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from webapp import create_app
from webapp.extensions import db
from tests.fixtures.app import base_config


def test_migrations_match_the_models(app):
    """No difference between the migrated database and the models."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_upgrade_and_downgrade_a_fresh_sqlite(tmp_path):
    """From nothing to the newest revision and back, on a new file."""
    app = create_app(base_config(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="heads")
        assert "app_user" in db.inspect(db.engine).get_table_names()
        downgrade(directory=directory, revision="base")
        assert "app_user" not in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_the_scale_migration_fills_what_it_adds_from_the_history(tmp_path):
    """Deliveries get their action's time and performer; delivered_day counts the delivered
    ones per store day (in the store's zone) and performer."""
    from sqlalchemy import text
    app = create_app(base_config(f"sqlite:///{tmp_path / 'history.sqlite3'}"))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0006")
        now = "2026-03-02 03:30:00.000000"  # 22:30 on March 1st in New York
        with db.engine.begin() as conn:
            for sql in (
                f"INSERT INTO organization (id, name, created_at) VALUES (1, 'O', '{now}')",
                "INSERT INTO location (id, organization_id, name, time_zone, active, created_at,"
                f" default_intake, report_sales) VALUES (1, 1, 'S', 'America/New_York', 1, "
                f"'{now}', 0, 1)",
                "INSERT INTO app_user (id, organization_id, email, name, active, "
                f"session_version, created_at) VALUES (7, 1, 'u@o.test', 'U', 1, 1, '{now}')"):
                conn.exec_driver_sql(sql)
            for n, (status, source) in enumerate([("delivered", "linked"),
                                                  ("delivered", "default"), ("failed", None)]):
                conn.exec_driver_sql(
                    "INSERT INTO action (id, organization_id, location_id, kind, external_id, "
                    "performed_by_id, performed_at, data, source, created_at) VALUES "
                    f"({n + 1}, 1, 1, 'sale', 'S-{n}', 7, '{now}', '{{}}', 'api', '{now}')")
                conn.exec_driver_sql(
                    "INSERT INTO delivery (id, action_id, organization_id, location_id, status, "
                    "next_attempt_at, attempts, revision, send_as_default, updated_at, "
                    "credential_source, delivered_at) VALUES "
                    f"({n + 1}, {n + 1}, 1, 1, '{status}', '{now}', 1, 1, 0, '{now}', "
                    f"{repr(source) if source else 'NULL'}, "
                    f"{repr(now) if status == 'delivered' else 'NULL'})")
        upgrade(directory=directory, revision="heads")
        with db.engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM delivery WHERE performed_by_id = 7 AND performed_at = "
                ":now"), {"now": now}).scalar() == 3
            assert conn.execute(text("SELECT day, performed_by_id, delivered, as_performer "
                                     "FROM delivered_day")).all() == [("2026-03-01", 7, 2, 1)]
        db.engine.dispose()


def test_only_refunds_write_an_entry_of_the_dependency_index(app):
    """ix_delivery_depends_on_id is partial: a sale (no dependency) adds no entry to it, on
    either database."""
    index = next(index for index in db.inspect(db.engine).get_indexes("delivery")
                 if index["name"] == "ix_delivery_depends_on_id")
    where = index["dialect_options"][f"{db.engine.dialect.name}_where"]
    assert "depends_on_id IS NOT NULL" in str(where)
