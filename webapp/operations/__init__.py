"""What an operator watches: /healthz, /readyz and /metrics (no session, cheap to poll)."""
from flask import Blueprint

bp = Blueprint("operations", __name__)

from webapp.operations import views  # noqa: E402,F401
