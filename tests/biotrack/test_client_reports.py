"""Our action payloads become BioTrack's strict JSON; BioTrack's field errors come back in our names."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import responses

from webapp.biotrack import ValidationFailed

from .helpers import ACCESS, BASE, CREDS, SESSION, add_error, add_login, calls_to, make_client, make_grant, sent_json

EASTERN = timezone(timedelta(hours=-4))
WHEN = datetime(2024, 9, 28, 16, 20, tzinfo=EASTERN)
ANSWER = {"TransactionID": "4000000001", "RequestID": "R-1", "ExternalID": "S-1"}


def report(kind, payload, *, path, answer=ANSWER, headers=None):
    """Report with a recorded BioTrack answer; returns (result, JSON sent, request headers)."""
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + path, json=answer, headers=headers or {})
        result = make_client().report(kind, grant=make_grant(), creds=CREDS, request_id="R-1", external_id="S-1",
                                      performed_at=WHEN, payload=payload)
        call = calls_to(rsps, path)[0]
        return result, sent_json(call), call.request.headers


def test_sale():
    result, body, headers = report("sale", {"customer_type": "medical", "items": [
        {"barcode": "6001234560000001", "quantity": Decimal("2.5"), "price": "30.00"},
        {"barcode": "6001234560000002", "quantity": "1", "price": Decimal("9.99")},
    ]}, path="v1/dispense")
    assert body == {"LocationLicense": "NY-RET-000101", "Datetime": "2024-09-28T16:20:00-04:00", "RequestID": "R-1",
                    "ExternalID": "S-1", "Type": "MEDICAL", "Items": [
                        {"Barcode": "6001234560000001", "Quantity": 2.5, "Price": 30},
                        {"Barcode": "6001234560000002", "Quantity": 1, "Price": 9.99}]}
    assert headers["Authorization"] == f"Bearer {SESSION}" and headers["X-Integrator-Token"] == ACCESS
    assert (result.biotrack_id, result.raw, result.replayed) == ("4000000001", ANSWER, False)


def test_refund():
    _, body, _ = report("refund", {"sale_biotrack_id": "4000000001", "items": [{"barcode": "6001234560000001", "quantity": 1, "price": 12}]},
                        path="v1/refund")
    assert body["TransactionID"] == "4000000001" and body["Items"] == [{"Barcode": "6001234560000001", "Quantity": 1, "Price": 12}]


def test_adjustment():
    _, body, _ = report("adjustment", {"barcode": "6001234560000003", "quantity": "-0.25", "adjustment_type": "moisture_loss",
                                       "reason": "Dried out"}, path="v1/inventory/adjust")
    assert {k: body[k] for k in ("Barcode", "Quantity", "Type", "Reason")} == {
        "Barcode": "6001234560000003", "Quantity": -0.25, "Type": 5, "Reason": "Dried out"}


def test_receiving():
    _, body, _ = report("receiving", {"manifest_id": "M-000101", "items": [{"barcode": "7001003010000001", "quantity": 120}]},
                        path="v1/manifest/M-000101/receive")
    assert body["Items"] == [{"Barcode": "7001003010000001", "Quantity": 120}] and "ManifestID" not in body


def test_invoice_payment():
    _, body, _ = report("invoice_payment", {"invoice_id": "INV-000101-01", "amount": Decimal("1250.50")}, path="v1/invoice/INV-000101-01/payment")
    assert body["Amount"] == 1250.5


def test_a_replayed_answer_is_flagged():
    result, _, _ = report("invoice_payment", {"invoice_id": "I-1", "amount": 1}, path="v1/invoice/I-1/payment",
                          headers={"X-Idempotent-Replay": "true"})
    assert result.replayed is True


@pytest.mark.parametrize("kind, payload, field", [
    ("sale", {"customer_type": "adult", "items": [{"barcode": "1", "quantity": 1, "price": 1}]}, "customer_type"),
    ("sale", {"customer_type": "medical", "items": []}, "items"),
    ("sale", {"customer_type": "medical", "items": [{"barcode": "1", "quantity": "two", "price": 1}]}, "items[0].quantity"),
    ("sale", {"customer_type": "medical", "items": [{"barcode": "1", "quantity": 1}]}, "items[0].price"),
    ("sale", {"customer_type": "medical", "items": [{"barcode": "1", "quantity": "1.00000000000000000001", "price": 1}]}, "items[0].quantity"),
    ("adjustment", {"barcode": "1", "quantity": 1, "adjustment_type": "loss", "reason": "r"}, "adjustment_type"),
    ("refund", {"items": [{"barcode": "1", "quantity": 1, "price": 1}]}, "sale_biotrack_id"),
    ("invoice_payment", {"invoice_id": "I-1", "amount": True}, "amount"),
])
def test_bad_payloads_are_refused_before_sending(kind, payload, field):
    with responses.RequestsMock():  # any request would fail the test
        with pytest.raises(ValidationFailed) as caught:
            make_client().report(kind, grant=make_grant(), creds=CREDS, request_id="R", external_id=None, performed_at=WHEN, payload=payload)
    assert field in caught.value.fields and caught.value.status is None


def test_a_naive_time_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        make_client().report("invoice_payment", grant=make_grant(), creds=CREDS, request_id="R", external_id=None,
                             performed_at=datetime(2024, 1, 1), payload={"invoice_id": "I", "amount": 1})
    assert caught.value.fields == {"performed_at": "must include a time zone."}


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        make_client().report("void", grant=make_grant(), creds=CREDS, request_id="R", external_id=None, performed_at=WHEN, payload={})


@pytest.mark.parametrize("kind, path, payload, theirs, ours", [
    ("sale", "v1/dispense", {"customer_type": "medical", "items": [{"barcode": "1", "quantity": 1, "price": 1}]},
     {"Items[0].Barcode": "unknown", "Type": "bad", "Datetime": "bad"}, {"items[0].barcode": "unknown", "customer_type": "bad", "performed_at": "bad"}),
    ("adjustment", "v1/inventory/adjust", {"barcode": "1", "quantity": 1, "adjustment_type": "theft", "reason": "r"},
     {"Type": "bad", "Quantity": "bad"}, {"adjustment_type": "bad", "quantity": "bad"}),
    ("refund", "v1/refund", {"sale_biotrack_id": "9", "items": [{"barcode": "1", "quantity": 1, "price": 1}]},
     {"TransactionID": "no such sale", "Items[0].Tax.Excise": "bad"}, {"sale_biotrack_id": "no such sale", "items[0].tax.excise": "bad"}),
])
def test_biotrack_field_errors_come_back_in_our_names(kind, path, payload, theirs, ours):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        add_error(rsps, responses.POST, path, 400, "validation_error", "Fix these fields.", theirs)
        with pytest.raises(ValidationFailed) as caught:
            make_client().report(kind, grant=make_grant(), creds=CREDS, request_id="R", external_id=None, performed_at=WHEN, payload=payload)
    assert caught.value.fields == ours and caught.value.status == 400
