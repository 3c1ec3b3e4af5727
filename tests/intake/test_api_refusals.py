"""What the API refuses, and how: changed resends, runaway clients, wrong types, odd times."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.intake.helpers import api_post, sale_body, token_for
from webapp.extensions import db
from webapp.models import Action


def _count():
    """Actions stored."""
    return db.session.scalar(select(func.count(Action.id)))


def test_changed_resend_is_409_with_what_differs(client, world):
    """Same external_id and content: 200 with the action; different content: 409 and the diff."""
    token = token_for(world.a.downtown)
    first = api_post(client, token, sale_body()).get_json()
    again = api_post(client, token, sale_body())
    assert again.status_code == 200 and again.get_json()["id"] == first["id"]
    changed = api_post(client, token, sale_body(items=[
        {"barcode": "6001234560000001", "quantity": 3, "price": 20.5}]))
    assert changed.status_code == 409
    error = changed.get_json()["error"]
    assert error["code"] == "external_id_conflict" and error["action_id"] == first["id"]
    assert error["differs"] == ["data.items[0].quantity"]
    other_kind = api_post(client, token, dict(sale_body(), kind="invoice_payment",
                                              data={"invoice_id": "I-1", "amount": 5}))
    assert other_kind.get_json()["error"]["differs"] == ["kind"]
    assert _count() == 1


def test_rate_limit_per_token_answers_429_with_retry_after(app, client, world):
    """Past the configured limit: 429 and Retry-After; another store's token is unaffected."""
    app.config["API_RATE_LIMIT"] = "3 per minute"
    token, other = token_for(world.a.downtown), token_for(world.a.uptown)
    statuses = [api_post(client, token, sale_body(f"S-{i}")).status_code for i in range(3)]
    assert statuses == [202, 202, 202]
    refused = client.get("/api/v1/actions", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert api_post(client, token, sale_body("S-9")).status_code == 429 and _count() == 3
    assert client.get("/api/v1/actions",
                      headers={"Authorization": f"Bearer {other}"}).status_code == 200


def _kind_body(kind, **data):
    """A body of a kind with the given data."""
    return {"kind": kind, "external_id": "X-1", "performed_by": "clerk@a.test", "data": data}


ITEM = {"barcode": "6001234560000001", "quantity": 1, "price": 1}
WRONG_TYPES = [
    (_kind_body("sale", customer_type=[], items=[ITEM]), "data.customer_type"),
    (_kind_body("sale", customer_type={}, items=[ITEM]), "data.customer_type"),
    (_kind_body("adjustment", barcode="6001234560000001", quantity=-1, reason={}), "data.reason"),
    (_kind_body("sale", items=[dict(ITEM, quantity="1")]), "data.items[0].quantity"),
    (_kind_body("sale", items=[dict(ITEM, quantity=True)]), "data.items[0].quantity"),
    (_kind_body("sale", items=[dict(ITEM, barcode=6001234560000001)]), "data.items[0].barcode"),
    (_kind_body("sale", items=[ITEM], invoice_id="INV-1"), "data.invoice_id"),
    (dict(_kind_body("sale", items=[ITEM]), external_id=7), "external_id"),
    (dict(_kind_body("sale", items=[ITEM]), performed_by=["clerk@a.test"]), "performed_by"),
    (dict(_kind_body("sale", items=[ITEM]), data=[ITEM]), "data"),
    (dict(_kind_body("sale", items=[ITEM]), kind=["sale"]), "kind"),
]


@pytest.mark.parametrize("body,field", WRONG_TYPES)
def test_wrongly_typed_fields_are_422_naming_the_field(client, world, body, field):
    """Lists, objects, strings for numbers, stray fields: 422 on that field, nothing stored."""
    response = api_post(client, token_for(world.a.downtown), body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert _count() == 0


def _iso(moment):
    return moment.isoformat()


@pytest.mark.parametrize("performed_at", [
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1999-12-31T23:59:59Z",
    _iso(datetime.now(timezone.utc) + timedelta(minutes=30)), "2026-11-23T16:20:00", 1700000000,
])
def test_performed_at_out_of_range_or_in_the_future_is_422(client, world, performed_at):
    """Times that overflow, predate 2000, lack an offset or lie ahead of the clock skew."""
    response = api_post(client, token_for(world.a.downtown),
                        dict(sale_body(), performed_at=performed_at))
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"performed_at"}
    assert _count() == 0


def test_a_little_clock_skew_is_accepted(client, world):
    """A point of sale two minutes ahead is not refused."""
    ahead = _iso(datetime.now(timezone.utc) + timedelta(minutes=2))
    response = api_post(client, token_for(world.a.downtown), dict(sale_body(), performed_at=ahead))
    assert response.status_code == 202


@pytest.mark.parametrize("field,value", [
    ("performed_by", "clerk\u0000@a.test"), ("performed_by", "clerk@a.test\u0007"),
    ("external_id", "S-\u00001"), ("data.customer_type", "recreational\u0000"),
    ("data.items[0].barcode", "600123456000000\u0000"),
])
def test_control_characters_are_refused_on_every_database(client, world, field, value):
    """NUL and friends in any string: 422 on that field (PostgreSQL could not store NUL)."""
    body = sale_body()
    if field.startswith("data.items"):
        body["data"]["items"] = [dict(body["data"]["items"][0], barcode=value)]
    elif field.startswith("data."):
        body["data"] = dict(body["data"], customer_type=value)
    else:
        body[field] = value
    response = api_post(client, token_for(world.a.downtown), body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    adjustment = _kind_body("adjustment", barcode="6001234560000001", quantity=-1,
                            reason="theft", note="bad\u0000note")
    response = api_post(client, token_for(world.a.downtown), adjustment)
    assert response.get_json()["error"]["fields"] == {
        "data.note": "Remove control characters from the note."}
    assert _count() == 0


@pytest.mark.parametrize("action_id", [2 ** 31, 2 ** 64 + 1, 112652880341584363520])
def test_ids_beyond_the_database_are_404(client, world, action_id):
    """An id no database column can hold names no action (PostgreSQL ids are 32-bit)."""
    response = client.get(f"/api/v1/actions/{action_id}",
                          headers={"Authorization": f"Bearer {token_for(world.a.downtown)}"})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
