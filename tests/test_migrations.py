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
