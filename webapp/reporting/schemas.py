"""Checking and normalising the data of each kind of action (API and pages alike)."""
import re
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

from webapp.biotrack import ADJUSTMENT_TYPES, CUSTOMER_TYPES
from webapp.models.reporting import KINDS

BARCODE_RE = re.compile(r"^\d{16}$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$")
MAX_ITEMS = 200
# BioTrack refuses these as increases: stock only leaves by theft, seizure, drying or use.
DECREASE_ONLY = {"theft", "seizure", "moisture_loss", "depletion"}


class Invalid(ValueError):
    """Field messages for everything wrong with an action, keyed by field path."""

    def __init__(self, fields: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def _decimal(value, field, errors, *, positive=True, allow_zero=False, places=4):
    """A JSON number (or numeric string) as a normalised decimal string."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        errors[field] = "Enter a number."
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = "Enter a number."
        return None
    if not number.is_finite() or number.as_tuple().exponent < -places:
        errors[field] = f"Use at most {places} decimal places."
    elif positive and (number < 0 or (number == 0 and not allow_zero)):
        errors[field] = "Must be more than zero." if not allow_zero else "Cannot be negative."
    elif abs(number) >= Decimal("1e9"):
        errors[field] = "That number is too large."
    else:
        return format(number.normalize(), "f")
    return None


def _text(value, field, errors, pattern=ID_RE, message="Use letters, digits and . _ : / -"):
    """A required identifier."""
    if not isinstance(value, str) or not value.strip():
        errors[field] = "This field is required."
        return None
    value = value.strip()
    if not pattern.match(value):
        errors[field] = message
        return None
    return value


def _items(value, field, errors, *, with_price: bool):
    """A non-empty list of {barcode, quantity[, price]}."""
    if not isinstance(value, list) or not value:
        errors[field] = "Add at least one item."
        return []
    if len(value) > MAX_ITEMS:
        errors[field] = f"At most {MAX_ITEMS} items per action."
        return []
    items = []
    for i, item in enumerate(value):
        prefix = f"{field}[{i}]"
        if not isinstance(item, dict):
            errors[prefix] = "Each item needs a barcode and a quantity."
            continue
        entry = {"barcode": _text(item.get("barcode"), f"{prefix}.barcode", errors, BARCODE_RE,
                                  "A barcode has 16 digits."),
                 "quantity": _decimal(item.get("quantity"), f"{prefix}.quantity", errors)}
        if with_price:
            entry["price"] = _decimal(item.get("price"), f"{prefix}.price", errors,
                                      allow_zero=True, places=2)
        items.append(entry)
    return items


def _sale(data, errors):
    """Items sold, with prices, and the customer type."""
    customer = data.get("customer_type", "recreational")
    if customer not in CUSTOMER_TYPES:
        errors["data.customer_type"] = f"Choose one of: {', '.join(CUSTOMER_TYPES)}."
    return {"customer_type": customer,
            "items": _items(data.get("items"), "data.items", errors, with_price=True)}


def _refund(data, errors):
    """Items returned from an earlier sale of this store (by its external id)."""
    return {"sale_external_id": _text(data.get("sale_external_id"), "data.sale_external_id",
                                      errors),
            "items": _items(data.get("items"), "data.items", errors, with_price=True)}


def _adjustment(data, errors):
    """A signed change of one item's quantity, with BioTrack's reason type and a note."""
    reason = data.get("reason")
    if reason not in ADJUSTMENT_TYPES:
        errors["data.reason"] = f"Choose one of: {', '.join(ADJUSTMENT_TYPES)}."
    quantity = _decimal(data.get("quantity"), "data.quantity", errors, positive=False)
    if quantity is not None and Decimal(quantity) == 0:
        errors["data.quantity"] = "An adjustment changes the quantity: it cannot be zero."
    elif quantity is not None and reason in DECREASE_ONLY and Decimal(quantity) > 0:
        errors["data.quantity"] = f"A {reason.replace('_', ' ')} removes stock: use a " \
                                  "negative quantity."
    note = data.get("note") or ""
    if not isinstance(note, str) or len(note) > 500:
        errors["data.note"] = "A note is text of at most 500 characters."
    return {"barcode": _text(data.get("barcode"), "data.barcode", errors, BARCODE_RE,
                             "A barcode has 16 digits."),
            "quantity": quantity, "reason": reason, "note": note.strip() if isinstance(note, str)
            else ""}


def _receiving(data, errors):
    """Items received on a manifest."""
    return {"manifest_id": _text(data.get("manifest_id"), "data.manifest_id", errors),
            "items": _items(data.get("items"), "data.items", errors, with_price=False)}


def _invoice_payment(data, errors):
    """A payment against an invoice."""
    return {"invoice_id": _text(data.get("invoice_id"), "data.invoice_id", errors),
            "amount": _decimal(data.get("amount"), "data.amount", errors, places=2)}


NORMALISERS = {"sale": _sale, "refund": _refund, "adjustment": _adjustment,
               "receiving": _receiving, "invoice_payment": _invoice_payment}


def parse_time(value, field, errors):
    """An RFC 3339 time with an offset, as aware UTC; None when absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors[field] = "Use an RFC 3339 time, e.g. 2026-11-23T16:20:00-05:00."
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        errors[field] = "Use an RFC 3339 time with its offset, e.g. 2026-11-23T16:20:00-05:00."
        return None
    return parsed.astimezone(timezone.utc)


def normalise(kind, data) -> dict:
    """The action's data, checked and normalised; Invalid with every field message otherwise."""
    errors = {}
    if kind not in KINDS:
        raise Invalid({"kind": f"Choose one of: {', '.join(KINDS)}."})
    if not isinstance(data, dict):
        raise Invalid({"data": "Give the action's data as an object."})
    clean = NORMALISERS[kind](data, errors)
    if errors:
        raise Invalid(errors)
    return clean
