"""Every kind, end to end: accepted by the API, delivered with its numbers, documented, offered."""
import re

import pytest

from tests.fixtures.app import login
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from tests.delivery.helpers import delivery_of, drain_until_settled, ledger_by_request
from tests.intake.helpers import api_post, token_for
from webapp.action_kinds import KINDS, choices
from webapp.extensions import db
from webapp.models import Action

# Each kind with numbers that have decimals, and where BioTrack's request shows them.
BODIES = {
    "sale": ({"customer_type": "medical", "items": [
        {"barcode": "6001234560000001", "quantity": 1.5, "price": 20.25}]},
        lambda r: (r["Items"][0]["Quantity"], r["Items"][0]["Price"]), (1.5, 20.25)),
    "refund": ({"sale_external_id": "K-SALE", "items": [
        {"barcode": "6001234560000001", "quantity": 0.5, "price": 10.1}]},
        lambda r: (r["Items"][0]["Quantity"], r["Items"][0]["Price"]), (0.5, 10.1)),
    "adjustment": ({"barcode": "6001234560000002", "reason": "theft", "quantity": -0.25,
                    "note": "Broken case"}, lambda r: (r["Quantity"], r["Type"]), (-0.25, 2)),
    "receiving": ({"manifest_id": "M-000101", "items": [
        {"barcode": "7001003010000001", "quantity": 120},
        {"barcode": "7001003010000002", "quantity": 59.5}]},
        lambda r: [i["Quantity"] for i in r["Items"]], [120, 59.5]),
    "invoice_payment": ({"invoice_id": "INV-000101-01", "amount": 100.25},
                        lambda r: r["Amount"], 100.25),
}


def test_the_list_of_kinds_is_the_definitions():
    """The tests cover exactly the defined kinds."""
    assert tuple(BODIES) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_accepted_and_delivered_with_its_numbers(app, client, sandbox, world, kind):
    """202 with JSON numbers; BioTrack receives the same numbers."""
    authorize_store(sandbox, world.a.downtown)
    token = token_for(world.a.downtown)
    data, read, expected = BODIES[kind]
    if kind == "refund":
        sale = api_post(client, token, {"kind": "sale", "external_id": "K-SALE",
                                        "performed_by": "clerk@a.test",
                                        "data": BODIES["sale"][0]})
        assert sale.status_code == 202
    response = api_post(client, token, {"kind": kind, "external_id": f"K-{kind}",
                                        "performed_by": "clerk@a.test", "data": data})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["data"] == data
    drain_until_settled()
    delivery = delivery_of(db.session.get(Action, response.get_json()["id"]))
    assert delivery.status == "delivered", delivery.last_error
    assert read(ledger_by_request(sandbox)[delivery.request_id]["request"]) == expected


def test_numbers_keep_their_decimals_exactly(client, world):
    """0.1 + 0.2 style values come back as given, and too many decimals are refused."""
    token = token_for(world.a.downtown)
    body = {"kind": "invoice_payment", "external_id": "P-1", "performed_by": "clerk@a.test",
            "data": {"invoice_id": "INV-1", "amount": 0.3}}
    assert api_post(client, token, body).get_json()["data"]["amount"] == 0.3
    raw = '{"kind": "sale", "external_id": "S-9", "performed_by": "clerk@a.test", "data": ' \
          '{"items": [{"barcode": "6001234560000001", "quantity": 0.00030000000000000003, ' \
          '"price": 1}]}}'
    response = client.post("/api/v1/actions", data=raw, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["error"]["fields"] == {
        "data.items[0].quantity": "Use at most 4 decimal places."}


def test_the_document_describes_every_kind(client):
    """`data` is chosen by `kind` (a discriminator), with an example of each kind."""
    spec = client.get("/api/v1/openapi.json").get_json()
    new_action = spec["components"]["schemas"]["NewAction"]
    assert set(new_action["discriminator"]["mapping"]) == set(KINDS)
    body = spec["paths"]["/api/v1/actions"]["post"]["requestBody"]["content"]["application/json"]
    assert set(body["examples"]) == set(KINDS)
    for kind, ref in new_action["discriminator"]["mapping"].items():
        schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert schema["properties"]["kind"]["const"] == kind


def test_the_manual_forms_offer_every_kind_and_choice(client, world):
    """Point of sale > Record an action links each kind; the selects hold the definitions'."""
    login(client, world.a.clerk.email, PASSWORD)
    listing = client.get("/actions").get_data(as_text=True)
    for kind in KINDS:
        assert f"/actions/new/{kind}" in listing
        assert client.get(f"/actions/new/{kind}").status_code == 200
    for kind, field in (("sale", "customer_type"), ("adjustment", "reason")):
        html = client.get(f"/actions/new/{kind}").get_data(as_text=True)
        offered = re.findall(r'<option[^>]*value="([^"]+)"', html)
        assert set(choices(kind, field)) <= set(offered)
