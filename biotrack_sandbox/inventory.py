"""Inventory checks and moves shared by the action kinds."""
from decimal import Decimal

from .validate import Reader


def text(quantity: Decimal) -> str:
    """A decimal as stored: plain digits, no exponent, no trailing zeros."""
    return format(quantity.normalize(), "f")


def item_of(conn, reader: Reader, license_: str, barcode: str, field: str = "Barcode"):
    """The inventory row of a barcode held by this license, or None after saying why not."""
    row = conn.execute("SELECT * FROM inventory WHERE barcode = ?", (barcode,)).fetchone()
    if row is None:
        reader.fail(field, f"barcode {barcode} is not in BioTrack's inventory.")
    elif row["license"] != license_:
        reader.fail(field, f"barcode {barcode} belongs to license {row['license']}, not {license_}.")
    else:
        return row
    return None


def lines(reader: Reader, *, price: bool) -> list[tuple[Reader, str, Decimal]]:
    """Read Items: each a 16-digit Barcode and a positive Quantity (and a Price and optional Tax)."""
    read = []
    for item in reader.items("Items"):
        barcode = item.barcode("Barcode")
        quantity = item.number("Quantity", minimum=0, exclusive=True, places=4)
        if price:
            item.number("Price", minimum=0, places=2)
            _tax(item)
        if barcode and quantity is not None:
            read.append((item, barcode, quantity))
    return read


def _tax(item: Reader) -> None:
    """Read the optional Tax object of an item."""
    tax = item.data.get("Tax")
    if tax is None:
        return
    if not isinstance(tax, dict):
        item.fail("Tax", "must be an object with Excise and Other.")
        return
    taxes = Reader(tax, item.prefix + "Tax.", item.errors)
    taxes.only({"Excise", "Other"})
    taxes.number("Excise", required=False, minimum=0, places=2)
    taxes.number("Other", required=False, minimum=0, places=2)


def take(conn, license_: str, read: list) -> None:
    """Check every line against stock (summing repeated barcodes); the caller then calls check()."""
    needed: dict[str, Decimal] = {}
    for item, barcode, quantity in read:
        needed[barcode] = needed.get(barcode, Decimal(0)) + quantity
        row = item_of(conn, item, license_, barcode)
        if row is not None and Decimal(row["quantity"]) < needed[barcode]:
            item.fail("Quantity", f"only {row['quantity']} of barcode {barcode} are on hand; {text(needed[barcode])} requested.")


def add(conn, barcode: str, delta: Decimal) -> Decimal:
    """Change the quantity on hand and return the new quantity."""
    row = conn.execute("SELECT quantity FROM inventory WHERE barcode = ?", (barcode,)).fetchone()
    new = Decimal(row["quantity"]) + delta
    conn.execute("UPDATE inventory SET quantity = ? WHERE barcode = ?", (text(new), barcode))
    return new
