"""The state's data: the session's own licenses, and the state's vendors with their licenses."""
from flask import Blueprint, jsonify, request

from . import db
from .errors import page_args
from .guards import current_session

bp = Blueprint("state_data", __name__)
MAX_PER_PAGE = 200


@bp.get("/v1/licenses")
def licenses():
    """Every license of the session's UBI, active or not."""
    session = current_session()
    rows = db.all_rows("SELECT * FROM licenses WHERE ubi = ? ORDER BY license", session.ubi)
    return jsonify({"Licenses": [
        {"License": r["license"], "Name": r["name"], "Status": r["status"], "Type": r["type"], "UBI": r["ubi"], "Address": r["address"]}
        for r in rows
    ]})


def _vendor_license(row) -> dict:
    """sync_vendor's shape: an inactive license comes with no status at all, as BioTrack sends it."""
    return {
        "License": row["license"], "Name": row["name"], "Address": row["address"],
        "Producer": bool(row["producer"]), "Processor": bool(row["processor"]), "Retail": bool(row["retail"]),
        "Status": "active" if row["status"] == "active" else None, "Deleted": bool(row["deleted"]),
    }


@bp.get("/v1/vendors")
def vendors():
    """The state's other businesses with all their licenses (inactive and deleted included), paginated."""
    session = current_session()
    page, per_page = page_args(request.args, 50, MAX_PER_PAGE)
    total = db.one("SELECT COUNT(*) AS n FROM companies WHERE ubi != ?", session.ubi)["n"]
    companies = db.all_rows(
        "SELECT * FROM companies WHERE ubi != ? ORDER BY name, ubi LIMIT ? OFFSET ?", session.ubi, per_page, (page - 1) * per_page
    )
    by_ubi = {c["ubi"]: [] for c in companies}
    if by_ubi:
        marks = ",".join("?" * len(by_ubi))
        for row in db.all_rows(f"SELECT * FROM licenses WHERE ubi IN ({marks}) ORDER BY license", *by_ubi):
            by_ubi[row["ubi"]].append(_vendor_license(row))
    return jsonify({
        "Vendors": [{"UBI": c["ubi"], "Name": c["name"], "Licenses": by_ubi[c["ubi"]]} for c in companies],
        "Page": page, "PerPage": per_page, "Total": total,
    })
