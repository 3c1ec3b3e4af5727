"""The action endpoints: each recorded once per RequestID, as the user whose session sent it."""
import sqlite3

from flask import Blueprint, request

from . import clock, db, guards, invoices, ledger, sales, stock
from .errors import conflict
from .validate import Reader, json_body

bp = Blueprint("actions", __name__)
FUTURE_SLACK_SECONDS = 300


def run(kind: str, handler, **path):
    """Check who calls, replay a known RequestID, else validate, apply and record in one transaction."""
    data = json_body()
    head = Reader(data)
    license_ = head.string("LocationLicense")
    request_id = head.string("RequestID", max_length=100)
    head.check()
    session = guards.licensed(license_)
    replayed = True
    try:
        # IMMEDIATE serialises writers across workers, so the look-up and the insert cannot interleave;
        # UNIQUE (license, request_id) stays as the last word should anything slip through.
        with db.transaction() as conn:
            entry = ledger.find(conn, license_, request_id)
            if entry is None:
                replayed = False
                entry = _apply(conn, kind, handler, data, license_, request_id, session, path)
    except sqlite3.IntegrityError:
        entry = ledger.find(db.get_db(), license_, request_id)
        if entry is None:
            raise
        replayed = True
    if entry["kind"] != kind:
        raise conflict("request_id_reused", f"RequestID {request_id} was already used for a {entry['kind']} "
                                            f"on license {license_}; use a new RequestID.")
    return ledger.answer(entry, replayed)


def _apply(conn, kind, handler, data, license_, request_id, session, path):
    """Validate the whole body, apply the action and record it."""
    body = Reader(data)
    external_id = body.string("ExternalID", required=False, max_length=100)
    performed = body.datetime("Datetime")
    if performed is not None and performed.timestamp() > clock.now() + FUTURE_SLACK_SECONDS:
        body.fail("Datetime", "is in the future; send the time the action happened.")
    fields, ref = handler(conn, body, license_, **path)
    return ledger.record(
        conn, kind=kind, license_=license_, user=session.user, request_id=request_id, external_id=external_id,
        performed_at=data["Datetime"], request_body=request.get_data(as_text=True), fields=fields, ref=ref,
    )


@bp.post("/v1/dispense")
def dispense():
    """A sale."""
    return run("dispense", sales.dispense)


@bp.post("/v1/refund")
def refund():
    """A refund of an earlier sale."""
    return run("refund", sales.refund)


@bp.post("/v1/inventory/adjust")
def adjust():
    """An inventory adjustment."""
    return run("adjustment", stock.adjust)


@bp.post("/v1/manifest/<manifest_id>/receive")
def receive(manifest_id):
    """Receiving of an incoming manifest."""
    return run("receiving", stock.receive, manifest_id=manifest_id)


@bp.post("/v1/invoice/<invoice_id>/payment")
def pay_invoice(invoice_id):
    """A payment of an invoice."""
    return run("invoice_payment", invoices.pay, invoice_id=invoice_id)
