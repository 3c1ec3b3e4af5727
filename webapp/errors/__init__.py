"""Error pages and answers."""
from flask import Blueprint

bp = Blueprint("errors", __name__)
