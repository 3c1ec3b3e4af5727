"""No plaintext password or token in any column of any table."""
from sqlalchemy import text

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.integration.flow import ADMIN, authorize_through_page
from webapp.extensions import db
from webapp.models import Authorization


def test_no_plaintext_secret_anywhere(client, sandbox, world):
    """Scan every text column of every table for the password and the tokens."""
    login(client, world.a.admin.email, PASSWORD)
    authorize_through_page(client, sandbox, world.a.downtown)
    auth = db.session.query(Authorization).one()
    secrets = [ADMIN["password"], auth.access_token, auth.refresh_token]
    assert all(secrets)
    found, scanned = [], 0
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            # Raw SQL: the column types would decrypt what they read.
            result = conn.execute(text(f'SELECT * FROM "{table.name}"'))
            for row in result:
                scanned += 1
                for column, value in zip(result.keys(), row):
                    if isinstance(value, str) and any(s in value for s in secrets):
                        found.append(f"{table.name}.{column}")
    assert scanned > 0 and found == []
