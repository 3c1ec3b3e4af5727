"""A liveness answer for start-up scripts and tests."""
from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """Say the sandbox is up."""
    return jsonify({"Status": "ok", "Service": "BioTrack sandbox"})
