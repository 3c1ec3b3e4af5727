"""Test controls under /_sandbox/: only mounted when SANDBOX_TEST_CONTROLS is on."""
from flask import Blueprint

bp = Blueprint("controls", __name__, url_prefix="/_sandbox")

from . import accounts, goods, runtime, vendors  # noqa: E402,F401  (they add routes to bp)
