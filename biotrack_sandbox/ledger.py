"""The ledger of recorded actions, which is also the store of first answers per RequestID."""
import json
from decimal import Decimal

from flask import Response

from . import clock


def find(conn, license_: str, request_id: str):
    """The entry already recorded for this RequestID of this license, if any."""
    return conn.execute("SELECT * FROM ledger WHERE license = ? AND request_id = ?", (license_, request_id)).fetchone()


def _json(value) -> str:
    """Compact JSON with decimals written exactly."""
    return json.dumps(value, default=lambda v: format(v, "f") if isinstance(v, Decimal) else str(v), separators=(",", ":"))


def record(conn, *, kind, license_, user, request_id, external_id, performed_at, request_body: str, fields, ref=None):
    """Record an action (with the raw request body) as the session's user and return the stored entry."""
    number = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger").fetchone()[0]
    transaction_id = str(4_000_000_000 + number)
    answer = {"TransactionID": transaction_id, "RequestID": request_id, "ExternalID": external_id,
              "LocationLicense": license_, "RecordedBy": user["username"]} | fields
    conn.execute(
        "INSERT INTO ledger (transaction_id, kind, license, user_id, username, request_id, external_id, "
        "ref_transaction_id, performed_at, recorded_at, request_json, status_code, response_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 200, ?)",
        (transaction_id, kind, license_, user["id"], user["username"], request_id, external_id, ref,
         performed_at, clock.now(), request_body, _json(answer)),
    )
    return find(conn, license_, request_id)


def answer(entry, replayed: bool) -> Response:
    """The stored answer, byte for byte; a header (not the body) tells a replay apart."""
    resp = Response(entry["response_json"], status=entry["status_code"], mimetype="application/json")
    if replayed:
        resp.headers["X-Idempotent-Replay"] = "true"
    return resp


def entry_json(entry) -> dict:
    """An entry as the test controls show it."""
    return {
        "id": entry["id"], "kind": entry["kind"], "license": entry["license"], "username": entry["username"],
        "request_id": entry["request_id"], "external_id": entry["external_id"],
        "transaction_id": entry["transaction_id"], "ref_transaction_id": entry["ref_transaction_id"],
        "performed_at": entry["performed_at"], "recorded_at": clock.rfc3339(entry["recorded_at"]),
        "request": json.loads(entry["request_json"]), "answer": json.loads(entry["response_json"]),
    }
