"""Payments of a license's open invoices."""
from decimal import Decimal

from .errors import conflict, not_found
from .validate import Reader


def pay(conn, body: Reader, license_: str, invoice_id: str):
    """Pay part or all of what an invoice still asks; never more."""
    invoice = conn.execute("SELECT * FROM invoices WHERE invoice_id = ?", (invoice_id,)).fetchone()
    if invoice is None or invoice["license"] != license_:
        raise not_found("invoice_not_found", f"No invoice {invoice_id} exists for license {license_}.")
    due = Decimal(invoice["amount_due"])
    if due == 0:
        raise conflict("invoice_paid", f"Invoice {invoice_id} is already paid in full.")
    body.only({"LocationLicense", "Amount", "Datetime", "RequestID", "ExternalID"})
    amount = body.number("Amount", minimum=0, exclusive=True, places=2)
    if amount is not None and amount > due:
        body.fail("Amount", f"exceeds the {invoice['amount_due']} still due on invoice {invoice_id}.")
    body.check()
    left = due - amount
    conn.execute("UPDATE invoices SET amount_due = ? WHERE invoice_id = ?", (f"{left:.2f}", invoice_id))
    return {"InvoiceID": invoice_id, "AmountPaid": float(amount), "AmountDue": float(left)}, None
