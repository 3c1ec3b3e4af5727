"""API token use is recorded at most once a minute, never inside the action's transaction."""
from datetime import timedelta

from sqlalchemy import event, update

from tests.intake.helpers import api_post, sale_body, token_for
from webapp.extensions import db
from webapp.models import ApiToken, utcnow


class Statements:
    """(connection, statement) of every statement sent while active."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def _record(self, conn, cursor, statement, *args):
        """before_cursor_execute listener."""
        self.seen.append((id(conn.connection.dbapi_connection), statement.split()[0:3]))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def connections(self, *words) -> list:
        """The connections that sent statements starting with these words."""
        return [conn for conn, start in self.seen
                if [w.lower() for w in start[:len(words)]] == [w.lower() for w in words]]


def test_token_use_is_written_once_a_minute_outside_the_action(client, world):
    """Three requests: one write of the token's row, on its own connection; a minute on: again."""
    token = token_for(world.a.downtown)
    with Statements(db.engine) as statements:
        for n in range(3):
            assert api_post(client, token, sale_body(f"S-{n}")).status_code == 202
    token_writes = statements.connections("UPDATE", "api_token")
    action_inserts = statements.connections("INSERT", "INTO", "action")
    assert len(token_writes) == 1 and len(action_inserts) == 3
    assert token_writes[0] != action_inserts[0]  # its own short transaction, not the action's
    row = db.session.query(ApiToken).one()
    db.session.refresh(row)
    assert utcnow() - row.last_used_at < timedelta(seconds=30)

    earlier = utcnow() - timedelta(minutes=2)
    db.session.execute(update(ApiToken).values(last_used_at=earlier))
    db.session.commit()
    with Statements(db.engine) as statements:
        assert api_post(client, token, sale_body("S-later")).status_code == 202
    assert len(statements.connections("UPDATE", "api_token")) == 1
    db.session.refresh(row)
    assert row.last_used_at > earlier + timedelta(minutes=1)
