"""Property-based: any JSON value in any field of a new action is accepted or refused as 4xx JSON.

Never a 500, and a refused request stores nothing. Runs on whichever database the suite uses
(SQLite in make test, PostgreSQL in make test-postgres), where NUL characters differ.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.intake.helpers import api_post, sale_body, token_for
from webapp.extensions import db
from webapp.models import Action, Delivery

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT
    | st.sampled_from(["sale", "refund", "clerk@a.test", "\u0000", "0001-01-01T00:00:00+14:00",
                       "6001234560000001", "theft", "medical"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8)
TOP_FIELDS = ["kind", "external_id", "performed_by", "performed_at", "data", "extra"]
DATA_FIELDS = ["customer_type", "items", "sale_external_id", "barcode", "quantity", "reason",
               "note", "manifest_id", "invoice_id", "amount"]
ITEM_FIELDS = ["barcode", "quantity", "price"]
ITEM = {"barcode": "6001234560000001", "quantity": 1, "price": 2}
# A valid body of each kind, before one of its fields is replaced.
VALID = {"sale": {"customer_type": "medical", "items": [ITEM]},
         "refund": {"sale_external_id": "P-SALE", "items": [ITEM]},
         "adjustment": {"barcode": "6001234560000001", "quantity": -1, "reason": "theft"},
         "receiving": {"manifest_id": "M-1", "items": [{"barcode": "6001234560000001",
                                                        "quantity": 1}]},
         "invoice_payment": {"invoice_id": "I-1", "amount": 1}}


def _stored() -> tuple[int, int]:
    """Actions and deliveries stored."""
    return (db.session.scalar(select(func.count(Action.id))),
            db.session.scalar(select(func.count(Delivery.id))))


def _check(client, token, body) -> None:
    """202/200 store at most one action; anything else is a 4xx JSON error storing nothing."""
    before = _stored()
    response = api_post(client, token, body)
    db.session.expire_all()
    after = _stored()
    assert response.status_code in (200, 202) or 400 <= response.status_code < 500, (
        response.status_code, body)
    assert response.is_json and isinstance(response.get_json(), dict)
    if response.status_code >= 400:
        assert "code" in response.get_json()["error"]
        assert after == before, body
    else:
        assert after[0] - before[0] in (0, 1)


@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_value_in_any_field(app, client, world, data):
    """Replace one field (top level, in data, or in an item) with any JSON value."""
    token = getattr(world, "_property_token", None) or token_for(world.a.downtown)
    if not getattr(world, "_property_token", None):
        assert api_post(client, token, sale_body("P-SALE")).status_code == 202
    world._property_token = token
    kind = data.draw(st.sampled_from(["sale", "refund", "adjustment", "receiving",
                                      "invoice_payment"]))
    body = sale_body(f"P-{data.draw(st.integers(0, 10 ** 9))}")
    body.update(kind=kind, data=dict(VALID[kind]))
    where = data.draw(st.sampled_from(["top", "data", "item"]))
    value = data.draw(JSON)
    if where == "top":
        body[data.draw(st.sampled_from(TOP_FIELDS))] = value
    elif where == "data":
        body["data"][data.draw(st.sampled_from(DATA_FIELDS))] = value
    else:
        body["data"]["items"] = [dict(ITEM,
                                      **{data.draw(st.sampled_from(ITEM_FIELDS)): value})]
    _check(client, token, body)


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(body=JSON)
def test_any_json_body(app, client, world, body):
    """Whatever the body is: a 4xx JSON error, never a 500."""
    token = getattr(world, "_property_token", None) or token_for(world.a.downtown)
    world._property_token = token
    _check(client, token, body)
