"""Controls that add inventory, manifests and invoices for long test runs, and read inventory."""
import secrets
from decimal import Decimal, InvalidOperation

from flask import jsonify, request

from .. import db
from ..errors import invalid, not_found
from . import bp
from .body import body, need


def _license(license_: str) -> None:
    """A 404 unless the license exists."""
    if db.one("SELECT 1 FROM licenses WHERE license = ?", license_) is None:
        raise not_found("license_not_found", f"No license {license_}.")


def _amount(value, field: str) -> str:
    """A positive decimal given as a number or a string, as text."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount <= 0:
        raise invalid({field: "must be a positive number."})
    return format(amount, "f")


def _next_id(conn, table: str, column: str, prefix: str) -> str:
    """The first free id PREFIX-9000NN, so added records never collide with seeded or named ones."""
    number = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
    while True:
        number += 1
        candidate = f"{prefix}-{900000 + number}"
        if conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", (candidate,)).fetchone() is None:  # noqa: S608
            return candidate


def _new_barcode(conn) -> str:
    """A fresh 16-digit barcode (9 first: never one of the seeded ones), unused in stock and manifests."""
    while True:
        barcode = "9" + "".join(secrets.choice("0123456789") for _ in range(15))
        used = conn.execute(
            "SELECT 1 FROM inventory WHERE barcode = ? UNION SELECT 1 FROM manifest_items WHERE barcode = ?", (barcode, barcode)
        ).fetchone()
        if used is None:
            return barcode


@bp.get("/inventory")
def read_inventory():
    """Inventory on hand, optionally for one license."""
    license_ = request.args.get("license")
    sql, params = "SELECT * FROM inventory", []
    if license_:
        sql, params = sql + " WHERE license = ?", [license_]
    rows = db.all_rows(sql + " ORDER BY barcode", *params)
    fields = ("barcode", "license", "product", "quantity")
    return jsonify({"items": [{f: r[f] for f in fields} for r in rows]})


@bp.post("/inventory")
def add_inventory():
    """Add stock: to an existing barcode, or a new item (barcode optional)."""
    data = body()
    license_, quantity = need(data, "license", "quantity")
    _license(license_)
    quantity = _amount(quantity, "quantity")
    with db.transaction() as conn:
        barcode = data.get("barcode") or _new_barcode(conn)
        row = conn.execute("SELECT * FROM inventory WHERE barcode = ?", (barcode,)).fetchone()
        if row is not None and row["license"] != license_:
            raise invalid({"barcode": f"belongs to license {row['license']}."})
        if row is None:
            conn.execute("INSERT INTO inventory (barcode, license, product, quantity) VALUES (?, ?, ?, ?)",
                         (barcode, license_, data.get("product") or "Sandbox item", quantity))
        else:
            total = Decimal(row["quantity"]) + Decimal(quantity)
            conn.execute("UPDATE inventory SET quantity = ? WHERE barcode = ?", (format(total, "f"), barcode))
    return jsonify({"barcode": barcode, "license": license_}), 201


@bp.post("/manifests")
def add_manifest():
    """Add an open manifest to a license: items [{barcode?, product, quantity}]."""
    data = body()
    license_, items = need(data, "license", "items")
    _license(license_)
    with db.transaction() as conn:
        manifest_id = data.get("manifest_id") or _next_id(conn, "manifests", "manifest_id", "M")
        conn.execute("INSERT INTO manifests (manifest_id, license, from_license, status) VALUES (?, ?, ?, 'open')",
                     (manifest_id, license_, data.get("from_license") or "NY-PROC-100301"))
        shipped = []
        for item in items:
            barcode = item.get("barcode") or _new_barcode(conn)
            conn.execute("INSERT INTO manifest_items (manifest_id, barcode, product, quantity) VALUES (?, ?, ?, ?)",
                         (manifest_id, barcode, item.get("product") or "Sandbox item", _amount(item.get("quantity"), "items")))
            shipped.append(barcode)
    return jsonify({"manifest_id": manifest_id, "barcodes": shipped}), 201


@bp.post("/invoices")
def add_invoice():
    """Add an open invoice to a license."""
    data = body()
    license_, amount = need(data, "license", "amount")
    _license(license_)
    amount = _amount(amount, "amount")
    with db.transaction() as conn:
        invoice_id = data.get("invoice_id") or _next_id(conn, "invoices", "invoice_id", "INV")
        conn.execute("INSERT INTO invoices (invoice_id, license, vendor_license, total, amount_due) VALUES (?, ?, ?, ?, ?)",
                     (invoice_id, license_, data.get("vendor_license") or "NY-PROC-100301", amount, amount))
    return jsonify({"invoice_id": invoice_id}), 201
