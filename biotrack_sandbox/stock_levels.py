"""The license's inventory on hand (BioTrack's sync_inventory, as a paged REST read)."""
from flask import Blueprint, jsonify, request

from . import db, guards
from .errors import invalid

bp = Blueprint("stock_levels", __name__)
MAX_PER_PAGE = 500


@bp.get("/v1/inventory")
def inventory():
    """A page of the session license's items on hand, by barcode (grant + session for the license)."""
    session = guards.current_session()
    guards.licensed(session.license, session)
    page, per_page = request.args.get("page", "1"), request.args.get("per_page", "100")
    errors = {}
    if not page.isdigit() or int(page) < 1:
        errors["page"] = "must be a whole number from 1."
    if not per_page.isdigit() or not 1 <= int(per_page) <= MAX_PER_PAGE:
        errors["per_page"] = f"must be a whole number from 1 to {MAX_PER_PAGE}."
    if errors:
        raise invalid(errors)
    page, per_page = int(page), int(per_page)
    total = db.one("SELECT COUNT(*) AS n FROM inventory WHERE license = ?", session.license)["n"]
    rows = db.all_rows("SELECT * FROM inventory WHERE license = ? ORDER BY barcode LIMIT ? OFFSET ?",
                       session.license, per_page, (page - 1) * per_page)
    return jsonify({
        "License": session.license,
        "Inventory": [{"Barcode": r["barcode"], "Product": r["product"], "Quantity": float(r["quantity"]), "UOM": r["uom"]}
                      for r in rows],
        "Page": page, "PerPage": per_page, "Total": total,
    })
