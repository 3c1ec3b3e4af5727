"""The counter's item lines: add a scanned barcode, remove a line, read totals, check stock.

The page posts back to itself for each change (htmx swaps just the lines; without script the
whole page comes back), so everything here works from the submitted form alone.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask import g, request
from flask_login import current_user

from webapp import inventory
from webapp.intake.pages import sale_search
from webapp.action_kinds.fields import BARCODE_RE
from webapp.timefmt import format_local

# Not "remove": a control named so would hide the form element's remove() from htmx.
EDITS = ("add", "drop_line", "find", "refresh")


@dataclass
class Line:
    """One item line as the page shows it."""

    row: object  # the FormField entry
    product: str | None
    left: Decimal | None
    uom: str
    over: bool
    cap: Decimal | None = None  # the most this line may ask for (None: no limit known)
    cap_note: str = ""  # what to say when it asks for more

    @property
    def left_text(self) -> str:
        """What is left, as plain digits ("" when unknown)."""
        return _plain(self.left)

    @property
    def cap_text(self) -> str:
        """The limit, as plain digits ("" when there is none)."""
        return _plain(self.cap)


def _plain(number: Decimal | None) -> str:
    """A decimal as plain digits, "" for none."""
    return "" if number is None else format(number.normalize(), "f")


def editing() -> bool:
    """Whether this POST changes the lines (or looks for a sale) instead of recording."""
    return request.method == "POST" and any(name in request.form for name in EDITS)


def _decimal(value) -> Decimal | None:
    """A submitted number, or None."""
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def rows_of(form) -> list[dict]:
    """The submitted lines as plain dicts (barcode, quantity, price)."""
    return [{"barcode": (e.form.barcode.data or "").strip(), "quantity": e.form.quantity.data,
             "price": e.form.price.data} for e in form.items]


def edit(form_class, form, kind, location):
    """Apply the change to the submitted lines: a fresh form holding them, and what to say."""
    rows, scan_error, note = rows_of(form), None, None
    barcode = (form.scan.data or "").strip() if hasattr(form, "scan") else ""
    if request.form.get("drop_line", "").isdigit():
        index = int(request.form["drop_line"])
        if index < len(rows):
            note = f"Removed {_name(rows.pop(index), location)}."
    elif "refresh" in request.form:
        note = _refresh(location)
    elif barcode:
        # Enter in any field adds what was scanned, whichever button the browser picked.
        scan_error = _add(rows, barcode, kind, location)
        note = scan_error or f"Added {_name(_line_of(rows, barcode), location)}."
    data = {name: field.data for name, field in form._fields.items()
            if name not in ("csrf_token", "items", "scan")}
    fresh = form_class(formdata=None, data=dict(data, items=rows) if hasattr(form, "items")
                       else data)
    if scan_error:
        fresh.scan.data = form.scan.data
        fresh.scan.errors = [scan_error]
    return fresh, note


def _line_of(rows, barcode) -> dict:
    """The line holding the barcode."""
    return next(row for row in rows if row["barcode"] == barcode)


def _name(row: dict, location) -> str:
    """How a line is named in messages: its product (with the quantity), else its barcode."""
    item = inventory.find(location, [row["barcode"]]).get(row["barcode"])
    quantity = _decimal(row["quantity"])
    what = item.product if item else f"barcode {row['barcode']}"
    return f"{what} (quantity {format(quantity.normalize(), 'f')})" if quantity is not None else what


def _refresh(location) -> str:
    """Read the store's inventory from BioTrack now; say how it went."""
    snapshot = inventory.refresh(location, actor=current_user)
    if snapshot.error:
        return f"The inventory was not read: {snapshot.error}"
    return f"Inventory read from BioTrack: {snapshot.item_count} items."


def _add(rows: list[dict], barcode: str, kind, location) -> str | None:
    """Add one of the barcode (a new line, or one more on its line); the problem, if any."""
    if not BARCODE_RE.match(barcode):
        return "A barcode has 16 digits."
    for row in rows:
        if row["barcode"] == barcode:
            row["quantity"] = (_decimal(row["quantity"]) or Decimal(0)) + 1
            return None
    # Receiving brings in what the store does not hold yet: no lookup needed.
    if kind != "receiving" and inventory.lookup(location, barcode) is None:
        snapshot = inventory.snapshot_of(location)
        if snapshot is not None and snapshot.error:
            return f"Barcode {barcode} is not known here yet: {snapshot.error}"
        return f"Barcode {barcode} is not in {location.name}'s BioTrack inventory."
    rows.append({"barcode": barcode, "quantity": Decimal(1), "price": None})
    return None


def lines(form, kind, location) -> list[Line]:
    """Each line with its product, what is left and whether it asks for more than that."""
    if not hasattr(form, "items"):
        return []
    entries = list(form.items)
    known = inventory.find(location, [e.form.barcode.data for e in entries])
    caps, note = _caps(form, kind, known)
    wanted: dict[str, Decimal] = {}
    result = []
    for entry in entries:
        barcode = (entry.form.barcode.data or "").strip()
        item, cap = known.get(barcode), caps.get(barcode)
        wanted[barcode] = wanted.get(barcode, Decimal(0)) + (_decimal(entry.form.quantity.data)
                                                             or Decimal(0))
        result.append(Line(entry, item.product if item else None, inventory.left(item),
                           item.uom if item else "", cap is not None and wanted[barcode] > cap,
                           cap, " ".join(note.format(n=_plain(cap),
                                                     uom=item.uom if item else "").split())))
    return result


def _caps(form, kind, known) -> tuple[dict, str]:
    """The most each barcode may ask for, and how to say it: a sale takes what is left, a
    refund returns what its sale sold and no earlier refund returned."""
    if kind == "sale":
        return {b: inventory.left(i) for b, i in known.items()}, "Only {n} {uom} left in BioTrack"
    if kind == "refund" and form.sale_external_id.data:
        sale = form.sale_external_id.data
        return (sale_search.refundable(g.location, sale),
                f"Only {{n}} {{uom}} sold in {sale} and not refunded yet")
    return {}, ""


def total(form) -> Decimal:
    """The sum of the lines' prices (each price is the line's, as BioTrack takes it)."""
    if not hasattr(form, "items"):
        return Decimal(0)
    return sum((_decimal(e.form.price.data) or Decimal(0) for e in form.items), Decimal(0))


def within_stock(form, kind, location) -> bool:
    """Flag lines that ask for more than they may (what is left, what the sale sold)."""
    snapshot = inventory.snapshot_of(location)
    when = (f" (as of {format_local(snapshot.refreshed_at, location.time_zone)})"
            if kind == "sale" and snapshot else "")
    fine = True
    for line in lines(form, kind, location):
        if line.over:
            line.row.form.quantity.errors = list(line.row.form.quantity.errors) + [
                f"{line.cap_note}{when}."]
            fine = False
    return fine
