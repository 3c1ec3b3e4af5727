"""Error pages and answers."""
from flask import Blueprint

from webapp.features import Feature

bp = Blueprint("errors", __name__)
FEATURE = Feature("errors", blueprints=(bp,))
