"""Reporting actions to BioTrack as the employee who performed them."""
from flask import Blueprint

bp = Blueprint("reporting", __name__)

from webapp.reporting import (api, bulk_views, jobs, log_views, overview,  # noqa: E402,F401
                               pages, token_views)
