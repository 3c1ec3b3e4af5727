"""Sales (v1/dispense) and refunds of a sale."""
import json
from decimal import Decimal

from . import inventory
from .validate import Reader

CUSTOMER_TYPES = {"RECREATIONAL": None, "MEDICAL": None}


def dispense(conn, body: Reader, license_: str):
    """Sell items of this license's inventory."""
    body.only({"LocationLicense", "Type", "Datetime", "RequestID", "ExternalID", "Items"})
    body.choice("Type", CUSTOMER_TYPES)
    read = inventory.lines(body, price=True)
    inventory.take(conn, license_, read)
    body.check()
    for _item, barcode, quantity in read:
        inventory.add(conn, barcode, -quantity)
    total = sum((Decimal(item.data["Price"]) for item, _b, _q in read), Decimal(0))
    return {"Total": float(total)}, None


def _quantities(entry) -> dict[str, Decimal]:
    """Quantity per barcode of a recorded sale or refund."""
    totals: dict[str, Decimal] = {}
    for item in json.loads(entry["request_json"], parse_float=Decimal)["Items"]:
        totals[item["Barcode"]] = totals.get(item["Barcode"], Decimal(0)) + Decimal(item["Quantity"])
    return totals


def refund(conn, body: Reader, license_: str):
    """Return items of an earlier sale of this license; never more than was sold."""
    body.only({"LocationLicense", "TransactionID", "Datetime", "RequestID", "ExternalID", "Items"})
    sale_id = body.string("TransactionID")
    read = inventory.lines(body, price=True)
    sale = sale_id and conn.execute("SELECT * FROM ledger WHERE transaction_id = ? AND kind = 'dispense'", (sale_id,)).fetchone()
    if sale_id and (not sale or sale["license"] != license_):
        body.fail("TransactionID", f"no sale {sale_id} of license {license_} exists.")
    body.check()
    sold = _quantities(sale)
    refunds = conn.execute("SELECT * FROM ledger WHERE kind = 'refund' AND ref_transaction_id = ?", (sale_id,)).fetchall()
    left = dict(sold)
    for earlier in refunds:
        for barcode, quantity in _quantities(earlier).items():
            left[barcode] -= quantity
    for item, barcode, quantity in read:
        if barcode not in sold:
            item.fail("Barcode", f"barcode {barcode} was not part of sale {sale_id}.")
            continue
        left[barcode] -= quantity
        if left[barcode] < 0:
            item.fail("Quantity", f"more than sale {sale_id} sold of barcode {barcode} would be refunded.")
    body.check()
    for _item, barcode, quantity in read:
        inventory.add(conn, barcode, quantity)
    return {"RefundedTransactionID": sale_id}, sale_id
