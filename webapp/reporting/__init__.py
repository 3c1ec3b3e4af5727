"""Reporting actions to BioTrack as the employee who performed them."""
from flask import Blueprint

bp = Blueprint("reporting", __name__)

from webapp.reporting import (api, jobs, log_views, overview, pages,  # noqa: E402,F401
                               token_views)
