"""GET /api/v1/actions: reconciliation by filters, in pages that stay stable under inserts."""
from datetime import timedelta

from sqlalchemy import update

from tests.fixtures.world import make_user
from tests.intake.helpers import api_post, sale_body, token_for
from webapp.extensions import db
from webapp.models import Delivery, utcnow
from webapp.intake import recording

SALE = {"items": [{"barcode": "6001234560000001", "quantity": 1, "price": 2}]}


def _get(client, token, path):
    """GET with the token; the JSON answer."""
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()
    return response


def _ids(client, token, query):
    """The ids of one unpaged answer."""
    return [a["id"] for a in _get(client, token, f"/api/v1/actions?{query}").get_json()["actions"]]


def test_every_action_once_across_pages_while_new_ones_arrive(client, world):
    """450 actions paged at 200, 30 more posted between pages: each exactly once, in order."""
    store = world.a.downtown
    for i in range(450):
        recording.record(store, world.a.clerk, kind="sale", external_id=f"L-{i}", data=SALE)
    token = token_for(store)
    seen, url, pages, posted = [], "/api/v1/actions?limit=200", 0, 0
    while url:
        response = _get(client, token, url)
        body = response.get_json()
        seen += [a["id"] for a in body["actions"]]
        url, pages = body["next"], pages + 1
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
        for _ in range(15):  # a point of sale keeps posting while we page
            assert api_post(client, token, sale_body(f"NEW-{posted}")).status_code == 202
            posted += 1
    assert len(seen) == len(set(seen)) == 450 + posted - 15 and seen == sorted(seen)
    assert pages == 3


def test_each_filter(client, world):
    """external_id, status, kind, performed_by, since/until of performed or updated times."""
    store, now = world.a.downtown, utcnow()
    other = make_user(world.a.org, "other@a.test", permissions=("perform_actions",),
                      locations=[store])
    sale = recording.record(store, world.a.clerk, kind="sale", external_id="F-1", data=SALE,
                            performed_at=now - timedelta(days=2))
    payment = recording.record(store, other, kind="invoice_payment", external_id="F-2",
                               data={"invoice_id": "I-1", "amount": 3}, performed_at=now)
    recording.record(world.a.uptown, world.a.clerk, kind="sale", external_id="F-1", data=SALE)
    db.session.execute(update(Delivery).where(Delivery.action_id == sale.id).values(
        status="delivered", updated_at=now + timedelta(hours=1)))
    db.session.commit()
    token = token_for(store)
    assert _ids(client, token, "external_id=F-1") == [sale.id]  # only this store's
    assert _ids(client, token, "status=delivered") == [sale.id]
    assert _ids(client, token, "status=queued") == [payment.id]
    assert _ids(client, token, "kind=invoice_payment") == [payment.id]
    assert _ids(client, token, "performed_by=OTHER@a.test") == [payment.id]
    day_ago = (now - timedelta(days=1)).isoformat()
    assert _ids(client, token, f"since={day_ago}".replace("+", "%2B")) == [payment.id]
    assert _ids(client, token, f"until={day_ago}".replace("+", "%2B")) == [sale.id]
    soon = (now + timedelta(minutes=30)).isoformat().replace("+", "%2B")
    assert _ids(client, token, f"time=updated&since={soon}") == [sale.id]
    assert _ids(client, token, "kind=sale&status=queued") == []


def test_external_id_lookup_is_one_indexed_query(client, world):
    """The reconciliation lookup uses the (store, external_id) unique index."""
    from sqlalchemy import text

    from webapp.models import Location
    from webapp.intake.api.listing import statement
    from webapp.intake.schemas import list_query
    for i in range(300):  # enough rows that a scan would not be the cheapest plan
        recording.record(world.a.downtown, world.a.clerk, kind="sale", external_id=f"I-{i}",
                         data=SALE)
    db.session.execute(text("ANALYZE"))
    stmt, values = statement(db.session.get(Location, world.a.downtown.id),
                             list_query({"external_id": "I-7"}))
    sql = str(stmt.params(values).compile(db.engine, compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(row) for row in db.session.execute(text(
        ("EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN ") + sql)))
    if db.engine.dialect.name == "sqlite":
        assert "sqlite_autoindex_action_1 (location_id=? AND external_id=?)" in plan, plan
    else:
        assert "Index Scan using uq_action_location_id_external_id" in plan, plan


def test_bad_filters_and_cursors_are_422(client, world):
    """Wrong values name the parameter; a cursor we did not give is refused."""
    token = token_for(world.a.downtown)
    for query, field in (("limit=201", "limit"), ("limit=x", "limit"), ("kind=gift", "kind"),
                         ("status=lost", "status"), ("since=yesterday", "since"),
                         ("cursor=bm9wZQ", "cursor"), ("performed_by=a%00b", "performed_by"),
                         ("since=0001-01-01T00:00:00%2B14:00", "since"),
                         ("stauts=failed", "stauts")):
        response = client.get(f"/api/v1/actions?{query}",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422, query
        assert field in response.get_json()["error"]["fields"], query
    assert client.get("/api/v1/actions").status_code == 401
