"""A GET (a page, a poll, a download) writes nothing to the database.

Every GET route of tests/routes.py is requested as the organization's admin and as the clerk,
with the SQL the app sends recorded: no INSERT, UPDATE or DELETE. The one exception is
BioTrack's OAuth redirect, a GET by the protocol's design, which stores the grant.
"""
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import HX, link, section_path, text_of
from tests.routes import ROUTES
from webapp.extensions import db
from webapp.models import Authorization, ConsentRequest, utcnow

WRITES = ("INSERT", "UPDATE", "DELETE")
OAUTH_REDIRECT = {"integration.callback"}


class Writes:
    """The write statements sent while the block runs."""

    def __enter__(self):
        self.seen = []
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def _record(self, conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(WRITES):
            self.seen.append(statement.split("\n")[0][:120])

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._record)


@pytest.mark.parametrize("who", ["admin", "clerk"])
def test_no_get_route_writes(client, world, who):
    """Pages, fragments, polls and CSV downloads only read."""
    login(client, getattr(world.a, who).email, PASSWORD)
    gets = {e: r for e, r in ROUTES.items() if r.method == "GET" and e not in OAUTH_REDIRECT}
    paths = {endpoint: route.path(world) for endpoint, route in gets.items()}
    db.session.commit()  # what building the paths created is not the GETs' doing
    written = {}
    for endpoint, path in paths.items():
        with Writes() as writes:
            client.get(path)
            client.get(path, headers=HX)
        if writes.seen:
            written[endpoint] = writes.seen
    assert written == {}


def test_a_timed_out_consent_is_shown_before_it_is_recorded(app, client, sandbox, world):
    """The page and its poll say the consent screen timed out, writing nothing; the job
    records it a moment later (expired, the registration failed, audited)."""
    from webapp.scheduler import JOBS
    from webapp.scheduler.runner import run_job
    login(client, world.a.admin.email, PASSWORD)
    link(client, world.a.downtown)
    db.session.execute(update(ConsentRequest).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    with Writes() as writes:
        text = text_of(client.get(section_path(world.a.downtown), headers=HX))
        page = text_of(client.get("/config/integration/"))
    assert writes.seen == []
    assert "not completed within 10 minutes" in text and "hx-trigger" not in text
    assert "not completed within 10 minutes" in page
    assert db.session.scalar(select(ConsentRequest.status)) == "pending"
    assert run_job(app, JOBS["consent-timeouts"])
    db.session.expire_all()
    assert db.session.scalar(select(ConsentRequest.status)) == "expired"
    assert db.session.scalar(select(Authorization.state)) == "failed"
    assert "not completed within 10 minutes" in text_of(client.get("/config/integration/"))
