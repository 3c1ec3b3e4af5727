"""Reporting actions to BioTrack as the employee who performed them."""
from flask import Blueprint

bp = Blueprint("reporting", __name__)

from webapp.reporting import api, log_views, overview, pages, token_views  # noqa: E402,F401
