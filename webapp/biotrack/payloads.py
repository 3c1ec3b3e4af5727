"""Our action payloads turned into BioTrack's JSON (paths, names, JSON numbers, RFC 3339 times)."""
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from .errors import ValidationFailed

CUSTOMER_TYPES = {"recreational": "RECREATIONAL", "medical": "MEDICAL"}
ADJUSTMENT_TYPES = {"audit": 1, "theft": 2, "seizure": 3, "correction": 4, "moisture_loss": 5, "depletion": 6}
# The client's report calls, by what they report (a "sale" is BioTrack's dispense).
REPORT_CALLS = ("sale", "refund", "adjustment", "receiving", "invoice_payment")


class _Problems(dict):
    """Field messages found before sending anything."""

    def need(self, data: dict, key: str, prefix: str = ""):
        """The value of a required key, noting it when missing."""
        if data.get(key) in (None, ""):
            self[prefix + key] = "is required."
        return data.get(key)

    def number(self, data: dict, key: str, prefix: str = ""):
        """A Decimal/str/int quantity as a JSON number that keeps every digit."""
        value = self.need(data, key, prefix)
        if value is None:
            return None
        try:
            exact = Decimal(str(value))
        except InvalidOperation:
            exact = None
        if isinstance(value, bool) or exact is None or not exact.is_finite():
            self[prefix + key] = "must be a number."
            return None
        if exact == exact.to_integral_value():
            return int(exact)
        if Decimal(repr(float(exact))) != exact:
            self[prefix + key] = "has more digits than BioTrack accepts."
            return None
        return float(exact)

    def raise_if_any(self) -> None:
        """Refuse the payload if anything was noted."""
        if self:
            raise ValidationFailed("The action cannot be sent to BioTrack: " + "; ".join(f"{k} {v}" for k, v in self.items()),
                                   fields=dict(self), code="invalid_payload")


def rfc3339(value: datetime) -> str:
    """An aware datetime as RFC 3339 with a colon in the offset (BioTrack refuses naive times)."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed("performed_at must be a datetime with a time zone.",
                               fields={"performed_at": "must include a time zone."}, code="invalid_payload")
    return value.isoformat(timespec="seconds")


def _items(problems: _Problems, payload: dict, *, price: bool) -> list[dict]:
    """Read the items list into BioTrack's Items."""
    items = problems.need(payload, "items")
    if items is not None and (not isinstance(items, list) or not items):
        problems["items"] = "must be a non-empty list."
        return []
    out = []
    for i, item in enumerate(items or []):
        prefix = f"items[{i}]."
        if not isinstance(item, dict):
            problems[f"items[{i}]"] = "must be an object."
            continue
        line = {"Barcode": str(problems.need(item, "barcode", prefix) or ""), "Quantity": problems.number(item, "quantity", prefix)}
        if price:
            line["Price"] = problems.number(item, "price", prefix)
        out.append(line)
    return out


def build(kind: str, *, license: str, request_id: str, external_id: str | None, performed_at: datetime, payload: dict):
    """(path, body) of the BioTrack call reporting this action."""
    if kind not in REPORT_CALLS:
        raise ValueError(f"unknown report call {kind!r}; expected one of {REPORT_CALLS}")
    problems = _Problems()
    body = {"LocationLicense": license, "Datetime": rfc3339(performed_at), "RequestID": request_id, "ExternalID": external_id}
    if kind == "sale":
        customer = problems.need(payload, "customer_type")
        if customer is not None and customer not in CUSTOMER_TYPES:
            problems["customer_type"] = "must be recreational or medical."
        body |= {"Type": CUSTOMER_TYPES.get(customer), "Items": _items(problems, payload, price=True)}
        path = "v1/dispense"
    elif kind == "refund":
        body |= {"TransactionID": str(problems.need(payload, "sale_biotrack_id") or ""), "Items": _items(problems, payload, price=True)}
        path = "v1/refund"
    elif kind == "adjustment":
        adjustment = problems.need(payload, "adjustment_type")
        if adjustment is not None and adjustment not in ADJUSTMENT_TYPES:
            problems["adjustment_type"] = "must be one of " + ", ".join(ADJUSTMENT_TYPES) + "."
        body |= {"Barcode": str(problems.need(payload, "barcode") or ""), "Quantity": problems.number(payload, "quantity"),
                 "Type": ADJUSTMENT_TYPES.get(adjustment), "Reason": problems.need(payload, "reason")}
        path = "v1/inventory/adjust"
    elif kind == "receiving":
        manifest = str(problems.need(payload, "manifest_id") or "")
        body |= {"Items": _items(problems, payload, price=False)}
        path = f"v1/manifest/{quote(manifest, safe='')}/receive"
    else:
        invoice = str(problems.need(payload, "invoice_id") or "")
        body |= {"Amount": problems.number(payload, "amount")}
        path = f"v1/invoice/{quote(invoice, safe='')}/payment"
    problems.raise_if_any()
    return path, body
