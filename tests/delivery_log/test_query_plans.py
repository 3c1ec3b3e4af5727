"""The plans of the pages' queries at a realistic size: an index for every list and filter, no
scan of the history, no sort of a store's rows. Runs on SQLite and (make test-postgres) on
PostgreSQL, through the statements the pages really send."""
import os
import re

import pytest
from sqlalchemy import event

from bench.history import seed_history
from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.routes import _authorized
from webapp.extensions import db
from webapp.models import Action
from webapp.delivery_log.query import Edge

SIZE = int(os.environ.get("PLAN_TEST_SIZE", "30000"))
HISTORY = re.compile(r"\b(FROM|JOIN)\s+(action|delivery|delivered_day)\b", re.I)
# The log's pages: their rows come from an index already in performed order.
KEYSET = ("/reports",)


@pytest.fixture
def big_world(app, world):
    """Organization A with SIZE actions over 90 days in its two stores, four performers."""
    from tests.fixtures.world import make_user
    a = world.a
    staff = [make_user(a.org, f"staff{n}@a.test", permissions={"perform_actions"},
                       locations=[a.downtown, a.uptown]) for n in range(2)]
    db.session.commit()
    seed_history([a.downtown, a.uptown], [a.admin.id, a.clerk.id] + [u.id for u in staff],
                 SIZE)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return world


def _history_statements(client, path) -> list:
    """(statement, parameters) the page sent that read actions or deliveries."""
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if HISTORY.search(statement) and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


def _plan(statement, parameters, streamed=False) -> str:
    """The database's plan of a statement, as text (PostgreSQL plans a streamed export as the
    server-side cursor it is read through)."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return "\n".join(row[-1] for row in rows)
        prefix = "EXPLAIN DECLARE plan_probe NO SCROLL CURSOR FOR " if streamed else "EXPLAIN "
        return "\n".join(r[0] for r in conn.exec_driver_sql(prefix + statement,
                                                             parameters).all())


def _problems(plan: str, keyset: bool) -> list[str]:
    """What in a plan reads the history whole or sorts a store's rows."""
    if db.engine.dialect.name == "sqlite":
        bad = [line for line in plan.splitlines()
               if re.match(r"\s*SCAN (action|delivery|delivered_day)\b(?!.*COVERING INDEX)",
                           line.strip())]
        if keyset:
            bad += [line for line in plan.splitlines() if "TEMP B-TREE FOR ORDER BY" in line]
        return bad
    bad = [line for line in plan.splitlines()
           if re.search(r"Seq Scan on (action|delivery)\b", line)]
    if keyset:
        bad += [line for line in plan.splitlines() if re.search(r"\bSort\b", line)]
    return bad


def test_every_page_query_uses_an_index(app, client, big_world):
    """Log (plain, each filter, deep, oldest), dashboard, Onboarding, my actions, CSV, API."""
    a = big_world.a
    middle = db.session.query(Action).filter(Action.location_id == a.downtown.id).order_by(
        Action.id).offset(SIZE // 4).first()
    deep = Edge(middle.performed_at, middle.id).token()
    log_pages = ["/reports", "/reports?status=failed", "/reports?status=delivered",
                 f"/reports?user={a.clerk.id}", "/reports?kind=refund",
                 "/reports?from=2000-01-01&to=2100-01-01", f"/reports?before={deep}",
                 f"/reports?status=failed&before={deep}", "/reports?page=oldest",
                 f"/reports?after={deep}"]
    _authorized(big_world, "test")  # Onboarding needs the store's BioTrack authorization
    other_pages = ["/", "/actions", "/biotrack/onboarding", "/reports.csv?status=failed",
                   "/reports.csv"]
    login(client, a.admin.email, PASSWORD)
    checked = 0
    for path in log_pages + other_pages:
        statements = _history_statements(client, path)
        assert statements, path
        for statement, parameters in statements:
            keyset = path in log_pages and "ORDER BY" in statement.upper() \
                and "count(" not in statement.lower()
            plan = _plan(statement, parameters, streamed=path.startswith("/reports.csv"))
            if os.environ.get("PLAN_TEST_SHOW"):
                print(f"--- {path}\n{statement}\n{plan}")
            assert not _problems(plan, keyset), f"{path}\n{statement}\n{plan}"
            checked += 1
    assert checked >= len(log_pages) * 2

