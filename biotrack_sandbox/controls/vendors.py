"""Controls over the state's vendors, for testing the app's vendor sync."""
from flask import jsonify

from .. import db
from ..errors import invalid, not_found
from . import bp
from .body import body, need

STATUSES = {"active", "inactive", "deleted"}


@bp.post("/vendors")
def add_vendor():
    """Add a business (UBI + name) to the state."""
    ubi, name = need(body(), "ubi", "name")
    with db.transaction() as conn:
        conn.execute("INSERT INTO companies (ubi, name) VALUES (?, ?) ON CONFLICT (ubi) DO UPDATE SET name = excluded.name", (ubi, name))
    return jsonify({"ubi": ubi, "name": name}), 201


@bp.post("/vendors/rename")
def rename_vendor():
    """Rename a business."""
    ubi, name = need(body(), "ubi", "name")
    with db.transaction() as conn:
        if conn.execute("UPDATE companies SET name = ? WHERE ubi = ?", (name, ubi)).rowcount == 0:
            raise not_found("vendor_not_found", f"No business has UBI {ubi}.")
    return jsonify({"ubi": ubi, "name": name})


@bp.post("/vendors/licenses")
def add_vendor_license():
    """Add a license to a business: ubi, license, name, address, producer/processor/retail flags."""
    data = body()
    ubi, license_ = need(data, "ubi", "license")
    flags = [int(bool(data.get(k))) for k in ("producer", "processor", "retail")]
    kind = next((k for k, f in zip(("producer", "processor", "retail"), flags) if f), "processor")
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM companies WHERE ubi = ?", (ubi,)).fetchone() is None:
            raise not_found("vendor_not_found", f"No business has UBI {ubi}.")
        conn.execute(
            "INSERT INTO licenses (license, ubi, name, type, status, address, producer, processor, retail) "
            "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)",
            (license_, ubi, data.get("name", license_), kind, data.get("address", ""), *flags),
        )
    return jsonify({"ubi": ubi, "license": license_}), 201


@bp.post("/vendors/licenses/status")
def set_license_status():
    """Set a license active, inactive or deleted."""
    license_, status = need(body(), "license", "status")
    if status not in STATUSES:
        raise invalid({"status": f"must be one of {sorted(STATUSES)}."})
    with db.transaction() as conn:
        changed = conn.execute(
            "UPDATE licenses SET status = ?, deleted = ? WHERE license = ?",
            ("active" if status == "active" else "inactive", int(status == "deleted"), license_),
        ).rowcount
        if not changed:
            raise not_found("license_not_found", f"No license {license_}.")
    return jsonify({"license": license_, "status": status})
