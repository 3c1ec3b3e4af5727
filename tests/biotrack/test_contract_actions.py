"""Each action kind, recorded once per RequestID as the user whose session sent it."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from webapp.biotrack import AuthorizationInvalid, Conflict, Credentials, InvalidCredentials, NotFound, ValidationFailed

from .contract import ADMIN, ADMIN_DOWNTOWN, CLERK, CLERK_DOWNTOWN, CLERK_UPTOWN, DOWNTOWN, UBI, UPTOWN, now, sale

KINDS = {
    "sale": lambda sandbox, client, grant: sale(),
    "refund": lambda sandbox, client, grant: {
        "sale_biotrack_id": client.report("sale", grant=grant, creds=CLERK_DOWNTOWN, request_id="SALE-FOR-REFUND", external_id="S-0",
                                          performed_at=now(), payload=sale(quantity="3")).biotrack_id,
        "items": [{"barcode": "6001234560000001", "quantity": "1", "price": "25.00"}]},
    "adjustment": lambda sandbox, client, grant: {"barcode": "6001234560000002", "quantity": "-2", "adjustment_type": "theft", "reason": "Missing at count"},
    "receiving": lambda sandbox, client, grant: {"manifest_id": "M-000101", "items": [
        {"barcode": "7001003010000001", "quantity": 120}, {"barcode": "7001003010000002", "quantity": "59.5"}]},
    "invoice_payment": lambda sandbox, client, grant: {"invoice_id": "INV-000101-01", "amount": "100.25"},
}
LEDGER_KIND = {"sale": "dispense"}


@pytest.fixture
def grant(sandbox, biotrack_client):
    return sandbox.authorize(biotrack_client)


def send(client, grant, kind, payload, request_id="REQ-1", creds=CLERK_DOWNTOWN, external_id="POS-1"):
    return client.report(kind, grant=grant, creds=creds, request_id=request_id, external_id=external_id, performed_at=now(), payload=payload)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_recorded_once_as_the_user(sandbox, biotrack_client, grant, kind):
    payload = KINDS[kind](sandbox, biotrack_client, grant)
    first = send(biotrack_client, grant, kind, payload)
    again = send(biotrack_client, grant, kind, payload)
    entries = [e for e in sandbox.ledger(DOWNTOWN) if e["request_id"] == "REQ-1"]
    assert len(entries) == 1 and not first.replayed and again.replayed
    assert (again.biotrack_id, again.raw) == (first.biotrack_id, first.raw)
    entry = entries[0]
    assert (entry["kind"], entry["username"], entry["external_id"], entry["transaction_id"]) == (
        LEDGER_KIND.get(kind, kind), CLERK, "POS-1", first.biotrack_id)


@pytest.mark.parametrize("kind", list(KINDS))
def test_concurrent_identical_requests_record_once(sandbox, biotrack_client, grant, kind):
    payload = KINDS[kind](sandbox, biotrack_client, grant)
    biotrack_client.whoami(CLERK_DOWNTOWN)  # the session is cached; the threads race on the action itself
    start = threading.Barrier(8)

    def one(_):
        start.wait()
        return send(biotrack_client, grant, kind, payload, request_id="RACE-1").biotrack_id

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(one, range(8)))
    assert len(ids) == 1
    assert len([e for e in sandbox.ledger(DOWNTOWN) if e["request_id"] == "RACE-1"]) == 1


def test_a_sale_takes_stock_once_even_when_the_retry_differs(sandbox, biotrack_client, grant):
    before = sandbox.inventory(DOWNTOWN)["6001234560000005"]
    first = send(biotrack_client, grant, "sale", sale("6001234560000005", quantity="4"))
    retry = send(biotrack_client, grant, "sale", sale("6001234560000005", quantity="4", price="25.01"))
    assert retry.biotrack_id == first.biotrack_id
    assert float(sandbox.inventory(DOWNTOWN)["6001234560000005"]) == float(before) - 4


def test_actions_are_recorded_as_whoever_sent_them(sandbox, biotrack_client, grant):
    send(biotrack_client, grant, "sale", sale(), request_id="A", creds=ADMIN_DOWNTOWN)
    send(biotrack_client, grant, "sale", sale(), request_id="B", creds=CLERK_DOWNTOWN)
    assert [(e["request_id"], e["username"]) for e in sandbox.ledger(DOWNTOWN)] == [("A", ADMIN), ("B", CLERK)]


def test_the_same_request_id_for_another_kind_is_a_conflict(biotrack_client, grant):
    send(biotrack_client, grant, "sale", sale())
    with pytest.raises(Conflict) as caught:
        send(biotrack_client, grant, "invoice_payment", {"invoice_id": "INV-000101-01", "amount": 1})
    assert caught.value.code == "request_id_reused"


def test_request_ids_are_per_license(sandbox, biotrack_client, grant):
    uptown = sandbox.authorize(biotrack_client, UPTOWN)
    a = send(biotrack_client, grant, "sale", sale())
    b = send(biotrack_client, uptown, "sale", sale("6001234560000011"), creds=CLERK_UPTOWN)
    assert a.biotrack_id != b.biotrack_id and len(sandbox.ledger()) == 2


@pytest.mark.parametrize("kind, payload, fields", [
    ("sale", sale("6001234569999999"), {"items[0].barcode": "barcode 6001234569999999 is not in BioTrack's inventory."}),
    ("sale", sale("6001234560000011"), {"items[0].barcode": f"barcode 6001234560000011 belongs to license {UPTOWN}, not {DOWNTOWN}."}),
    ("sale", sale(quantity="10001"), {"items[0].quantity": "only 10000 of barcode 6001234560000001 are on hand; 10001 requested."}),
    ("sale", sale("12345"), {"items[0].barcode": "must be a string of exactly 16 digits."}),
    ("adjustment", {"barcode": "6001234560000002", "quantity": 2, "adjustment_type": "theft", "reason": "x"},
     {"quantity": "a theft adjustment can only remove inventory: send a negative Quantity."}),
    ("adjustment", {"barcode": "6001234560000002", "quantity": 0, "adjustment_type": "audit", "reason": "x"},
     {"quantity": "must not be zero (negative removes, positive adds)."}),
    ("receiving", {"manifest_id": "M-000101", "items": [{"barcode": "7001003010000001", "quantity": 121}]},
     {"items[0].quantity": "only 120 of barcode 7001003010000001 were shipped."}),
    ("receiving", {"manifest_id": "M-000101", "items": [{"barcode": "7001003010000003", "quantity": 1}]},
     {"items[0].barcode": "barcode 7001003010000003 is not on manifest M-000101."}),
    ("invoice_payment", {"invoice_id": "INV-000101-01", "amount": "2500.01"},
     {"amount": "exceeds the 2500.00 still due on invoice INV-000101-01."}),
    ("invoice_payment", {"invoice_id": "INV-000101-01", "amount": "1.005"}, {"amount": "must have at most 2 decimal places."}),
    ("refund", {"sale_biotrack_id": "4999999999", "items": [{"barcode": "6001234560000001", "quantity": 1, "price": 1}]},
     {"sale_biotrack_id": f"no sale 4999999999 of license {DOWNTOWN} exists."}),
])
def test_invalid_actions_name_the_field_and_record_nothing(sandbox, biotrack_client, grant, kind, payload, fields):
    with pytest.raises(ValidationFailed) as caught:
        send(biotrack_client, grant, kind, payload)
    assert caught.value.fields == fields and caught.value.status == 400
    assert sandbox.ledger() == []


def test_a_refused_request_can_be_sent_again_with_the_same_request_id(sandbox, biotrack_client, grant):
    with pytest.raises(ValidationFailed):
        send(biotrack_client, grant, "sale", sale(quantity="10001"))
    sandbox.add_inventory(DOWNTOWN, 5, barcode="6001234560000001")
    assert send(biotrack_client, grant, "sale", sale(quantity="10001")).biotrack_id


def test_refunds_cannot_exceed_the_sale(biotrack_client, grant):
    sold = send(biotrack_client, grant, "sale", sale(quantity="2"), request_id="S")
    refund = {"sale_biotrack_id": sold.biotrack_id, "items": [{"barcode": "6001234560000001", "quantity": "1.5", "price": 1}]}
    send(biotrack_client, grant, "refund", refund, request_id="R1")
    with pytest.raises(ValidationFailed) as caught:
        send(biotrack_client, grant, "refund", refund, request_id="R2")
    assert caught.value.fields == {"items[0].quantity": f"more than sale {sold.biotrack_id} sold of barcode 6001234560000001 would be refunded."}


def test_a_manifest_is_received_once(sandbox, biotrack_client, grant):
    payload = KINDS["receiving"](sandbox, biotrack_client, grant)
    send(biotrack_client, grant, "receiving", payload, request_id="RCV-1")
    assert sandbox.inventory(DOWNTOWN)["7001003010000002"] == "59.5"
    with pytest.raises(Conflict) as caught:
        send(biotrack_client, grant, "receiving", payload, request_id="RCV-2")
    assert caught.value.code == "manifest_closed"
    with pytest.raises(NotFound):
        send(biotrack_client, grant, "receiving", {"manifest_id": "M-000102", "items": [{"barcode": "7001003010000003", "quantity": 1}]}, request_id="RCV-3")


def test_an_invoice_is_paid_down_then_closed(biotrack_client, grant):
    first = send(biotrack_client, grant, "invoice_payment", {"invoice_id": "INV-000101-02", "amount": "1000.50"}, request_id="P1")
    last = send(biotrack_client, grant, "invoice_payment", {"invoice_id": "INV-000101-02", "amount": 200}, request_id="P2")
    assert (first.raw["AmountDue"], last.raw["AmountDue"]) == (200, 0)
    with pytest.raises(Conflict) as caught:
        send(biotrack_client, grant, "invoice_payment", {"invoice_id": "INV-000101-02", "amount": 1}, request_id="P3")
    assert caught.value.code == "invoice_paid"


def test_every_adjustment_type_is_known(biotrack_client, grant):
    for number, kind in enumerate(["audit", "theft", "seizure", "correction", "moisture_loss", "depletion"], start=1):
        result = send(biotrack_client, grant, "adjustment", {"barcode": "6001234560000003", "quantity": "-0.5", "adjustment_type": kind,
                                                             "reason": f"type {number}"}, request_id=f"ADJ-{number}")
        assert result.raw["QuantityOnHand"] == 10000 - 0.5 * number


def test_the_grant_must_be_for_the_actions_license(biotrack_client, grant):
    with pytest.raises(AuthorizationInvalid) as caught:
        send(biotrack_client, grant, "sale", sale("6001234560000011"), creds=CLERK_UPTOWN)
    assert caught.value.code == "grant_missing"


def test_a_user_without_the_license_cannot_report_for_it(sandbox, biotrack_client, grant):
    biotrack_client.create_user(grant, ADMIN_DOWNTOWN, first_name="Only", last_name="Downtown", username="only.dt@demo.test",
                                is_admin=False, licenses=[DOWNTOWN], password="only-dt-pass")
    uptown = sandbox.authorize(biotrack_client, UPTOWN)
    with pytest.raises(InvalidCredentials) as caught:
        send(biotrack_client, uptown, "sale", sale("6001234560000011"), creds=Credentials(UBI, UPTOWN, "only.dt@demo.test", "only-dt-pass"))
    assert caught.value.code == "no_license_access"


def raw_dispense(sandbox, biotrack_client, grant, **changes):
    """POST v1/dispense with a hand-written body, to check the sandbox's strictness directly."""
    session = requests.post(f"{sandbox.url}/v1/login", json={"UBI": UBI, "License": DOWNTOWN, "Username": CLERK,
                                                             "Password": CLERK_DOWNTOWN.password}, timeout=5).json()["Session"]
    body = {"LocationLicense": DOWNTOWN, "Type": "RECREATIONAL", "Datetime": "2024-09-28T16:20:00-04:00", "RequestID": "RAW-1",
            "ExternalID": "X", "Items": [{"Barcode": "6001234560000001", "Quantity": 1, "Price": 10}]} | changes
    return requests.post(f"{sandbox.url}/v1/dispense", json=body, timeout=5,
                         headers={"Authorization": f"Bearer {session}", "X-Integrator-Token": grant.access_token})


@pytest.mark.parametrize("changes, fields", [
    ({"Items": [{"Barcode": "6001234560000001", "Quantity": "1", "Price": 10}]}, {"Items[0].Quantity": "must be a JSON number, not a string."}),
    ({"Items": [{"Barcode": 6001234560000001, "Quantity": 1, "Price": 10}]}, {"Items[0].Barcode": "must be a string."}),
    ({"Datetime": "2024-09-28T16:20:00-0400"}, {"Datetime": "must be RFC 3339 with an offset, e.g. 2024-09-28T16:20:00-04:00."}),
    ({"Datetime": "2024-09-28 16:20:00"}, {"Datetime": "must be RFC 3339 with an offset, e.g. 2024-09-28T16:20:00-04:00."}),
    ({"Datetime": "2999-01-01T00:00:00Z"}, {"Datetime": "is in the future; send the time the action happened."}),
    ({"Type": "recreational"}, {"Type": "must be one of 'RECREATIONAL', 'MEDICAL'."}),
    ({"Items": [{"Barcode": "6001234560000001", "Quantity": True, "Price": 10}]}, {"Items[0].Quantity": "must be a JSON number, not a string."}),
    ({"Coupon": "FREE"}, {"Coupon": "is not a field of this request."}),
])
def test_the_sandbox_is_strict_about_types_and_times(sandbox, biotrack_client, grant, changes, fields):
    resp = raw_dispense(sandbox, biotrack_client, grant, **changes)
    assert resp.status_code == 400 and resp.json()["Fields"] == fields and resp.json()["Code"] == "validation_error"


def test_the_answer_to_a_replay_is_byte_for_byte_the_first(sandbox, biotrack_client, grant):
    first = raw_dispense(sandbox, biotrack_client, grant)
    again = raw_dispense(sandbox, biotrack_client, grant, ExternalID="CHANGED")
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["X-Idempotent-Replay"] == "true" and "X-Idempotent-Replay" not in first.headers


def test_seeded_extras_for_long_runs(sandbox, biotrack_client, grant):
    manifest = sandbox.add_manifest(DOWNTOWN, [{"quantity": 10}])
    invoice = sandbox.add_invoice(DOWNTOWN, "99.99")
    barcode = sandbox.add_inventory(DOWNTOWN, 50)
    send(biotrack_client, grant, "receiving", {"manifest_id": manifest["manifest_id"], "items": [{"barcode": manifest["barcodes"][0], "quantity": 10}]}, request_id="X1")
    send(biotrack_client, grant, "invoice_payment", {"invoice_id": invoice, "amount": "99.99"}, request_id="X2")
    send(biotrack_client, grant, "sale", sale(barcode, quantity=50), request_id="X3")
    assert sandbox.inventory(DOWNTOWN)[barcode] == "0" and len(barcode) == 16
