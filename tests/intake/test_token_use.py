"""API token use is recorded at most once a minute, never inside the action's transaction."""
from datetime import timedelta

from sqlalchemy import event, update

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
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


def test_an_api_call_runs_its_statements_on_one_connection_of_its_own(client, world):
    """A sale: the token with the employee (one SELECT), three INSERTs, all on one connection
    (no ORM session: its per-request bookkeeping cost as much as a statement); a refund reads
    its sale there too."""
    token = token_for(world.a.downtown)
    assert api_post(client, token, sale_body("S-0")).status_code == 202  # the token's use noted
    refund = {"kind": "refund", "performed_by": "clerk@a.test", "external_id": "R-1",
              "data": {"sale_external_id": "S-1", "items": [
                  {"barcode": "6001234560000001", "quantity": 1, "price": 20.5}]}}
    for body, count in ((sale_body("S-1"), 4), (refund, 5)):
        with Statements(db.engine) as statements:
            assert api_post(client, token, body).status_code == 202
        assert [start[0] for _, start in statements.seen].count("INSERT") == 3
        assert len(statements.seen) == count
        assert len({connection for connection, _ in statements.seen}) == 1
    with Statements(db.engine) as statements:
        listed = client.get("/api/v1/actions?external_id=R-1",
                            headers={"Authorization": f"Bearer {token}"})
    assert listed.get_json()["actions"][0]["kind"] == "refund"
    assert len(statements.seen) == 2 and len({c for c, _ in statements.seen}) == 1


def test_a_page_sign_in_cookie_means_nothing_to_the_api(client, world):
    """Sent along by a browser that is signed in to the pages, the cookie loads no user and no
    store for an API call: the sale is still its four statements on one connection."""
    login(client, "admin@a.test", PASSWORD)
    token = token_for(world.a.downtown)
    assert api_post(client, token, sale_body("S-0")).status_code == 202  # the token's use noted
    with Statements(db.engine) as statements:
        assert api_post(client, token, sale_body("S-1")).status_code == 202
    assert len(statements.seen) == 4 and len({c for c, _ in statements.seen}) == 1
    assert client.get("/").status_code == 200  # the pages' sign-in is untouched
