"""The license's inventory on hand (BioTrack's sync_inventory, as a paged REST read)."""
from flask import Blueprint, jsonify, request

from . import db, guards
from .errors import page_args

bp = Blueprint("stock_levels", __name__)
MAX_PER_PAGE = 500


@bp.get("/v1/inventory")
def inventory():
    """A page of the session license's items on hand, by barcode (grant + session for the license)."""
    session = guards.current_session()
    guards.licensed(session.license, session)
    page, per_page = page_args(request.args, 100, MAX_PER_PAGE)
    total = db.one("SELECT COUNT(*) AS n FROM inventory WHERE license = ?", session.license)["n"]
    rows = db.all_rows("SELECT * FROM inventory WHERE license = ? ORDER BY barcode LIMIT ? OFFSET ?",
                       session.license, per_page, (page - 1) * per_page)
    return jsonify({
        "License": session.license,
        "Inventory": [{"Barcode": r["barcode"], "Product": r["product"], "Quantity": float(r["quantity"]), "UOM": r["uom"]}
                      for r in rows],
        "Page": page, "PerPage": per_page, "Total": total,
    })
