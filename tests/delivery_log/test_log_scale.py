"""The delivery log over a long history: keyset pages, a fixed number of queries, capped
counts, the CSV streamed in batches."""
import contextlib
import csv
import io
import re

from sqlalchemy import event, select

from bench.history import seed_history
from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of
from webapp.extensions import db
from webapp.models import Action
from webapp.delivery_log import csv_stream
from webapp.delivery import figures

LINK = re.compile(r'href="/reports\?([^"]*)">(Newest|Newer|Older|Oldest)</a>')


def _history(world, count):
    """`count` actions over both stores of organization A, by the admin and the clerk."""
    a = world.a
    seed_history([a.downtown, a.uptown], [a.admin.id, a.clerk.id], count)


def _downtown_ids_newest_first(world) -> list[int]:
    return db.session.scalars(select(Action.id).where(
        Action.location_id == world.a.downtown.id).order_by(
        Action.performed_at.desc(), Action.id.desc())).all()


def _ids_on(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="ids" value="(\d+)"', html)]


def _links(html: str) -> dict:
    return {name: query.replace("&amp;", "&") for query, name in LINK.findall(html)}


def test_pages_walk_the_whole_history_both_ways(app, client, world):
    """Older to the end, then Newer back: every action once, in performed order."""
    _history(world, 230)
    login(client, world.a.admin.email, PASSWORD)
    expected = _downtown_ids_newest_first(world)
    html = client.get("/reports").get_data(as_text=True)
    seen, pages = _ids_on(html), [html]
    while "Older" in _links(html):
        html = client.get(f"/reports?{_links(html)['Older']}").get_data(as_text=True)
        seen += _ids_on(html)
        pages.append(html)
    assert seen == expected and len(pages) == 3
    oldest = client.get(f"/reports?{_links(pages[0])['Oldest']}").get_data(as_text=True)
    assert _ids_on(oldest) == expected[-50:] and "Older" not in _links(oldest)
    newer = client.get(f"/reports?{_links(oldest)['Newer']}").get_data(as_text=True)
    assert _ids_on(newer) == expected[-100:-50]
    assert "Newer" not in _links(pages[0]) and 'href="/reports">Newest' in pages[1]


def test_filtered_pages_keep_the_filter(app, client, world):
    """status=delivered pages through the status index; every row is delivered."""
    _history(world, 400)
    login(client, world.a.admin.email, PASSWORD)
    first = client.get("/reports?status=delivered").get_data(as_text=True)
    older = _links(first)["Older"]
    assert "status=delivered" in older
    second = text_of(client.get(f"/reports?{older}"))
    assert "Failed</span>" not in second and len(_ids_on(second)) == 50
    assert not set(_ids_on(first)) & set(_ids_on(second))


def test_a_bad_page_link_shows_the_newest_page(app, client, world):
    """A mangled edge is ignored, never an error."""
    _history(world, 60)
    login(client, world.a.admin.email, PASSWORD)
    for edge in ("x", "123", "9" * 40 + ".1", "-5.-5"):
        response = client.get(f"/reports?before={edge}")
        assert response.status_code == 200
        assert _ids_on(response.get_data(as_text=True)) == _downtown_ids_newest_first(world)[:50]


@contextlib.contextmanager
def _statements():
    """Count the SQL statements run inside the block."""
    seen = []

    def count(*_args):
        seen.append(1)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_page_is_a_fixed_small_number_of_queries(app, client, world):
    """The same count of statements at 60 and at 600 actions, filtered or not, deep or not."""
    login(client, world.a.admin.email, PASSWORD)
    paths = ["/reports", "/reports?status=failed", f"/reports?user={world.a.clerk.id}",
             "/reports?page=oldest"]
    counts = {}
    for size in (60, 600):
        _history(world, size - (60 if size == 600 else 0))
        client.get("/reports")  # warm: the session's first-request reads
        for path in paths:
            with _statements() as seen:
                assert client.get(path).status_code == 200
            counts[(size, path)] = len(seen)
    for path in paths:
        assert counts[(60, path)] == counts[(600, path)] <= 12, counts


def test_status_counts_are_capped(app, client, world, monkeypatch):
    """Each state is counted up to the cap, then shown as "N+"."""
    monkeypatch.setattr(figures, "CAP", 20)
    _history(world, 200)
    counts = figures.status_counts(world.a.downtown)
    assert counts["delivered"] == 21 and counts["failed"] <= 21
    login(client, world.a.admin.email, PASSWORD)
    assert re.search(r'Delivered <span class="count">20\+</span>', text_of(client.get("/reports")))


def test_csv_streams_every_matching_row_in_batches(app, client, world, monkeypatch):
    """More rows than one batch: all of the store's, in performed order, with the filter."""
    monkeypatch.setattr(csv_stream, "BATCH", 100)
    _history(world, 700)
    login(client, world.a.admin.email, PASSWORD)
    response = client.get("/reports.csv")
    assert "Content-Length" not in response.headers  # streamed, not built whole
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    expected = _downtown_ids_newest_first(world)
    assert [r["external_id"] for r in rows] == [f"H-{i}" for i in expected]
    failed = list(csv.DictReader(io.StringIO(
        client.get("/reports.csv?status=failed").get_data(as_text=True))))
    assert failed and {r["status"] for r in failed} == {"failed"}


def test_csv_chunks_hold_one_batch_each():
    """The header and each batch of rows leave as they are written."""
    chunks = list(csv_stream.csv_chunks(["n"], iter(range(250)), lambda n: [n], batch=100))
    assert [c.count("\n") for c in chunks] == [101, 100, 50]
