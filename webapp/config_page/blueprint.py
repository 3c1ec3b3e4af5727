"""The Config Page's own route: the blueprint, apart from the package so its route modules import
it without importing the package that imports them."""
from flask import Blueprint

bp = Blueprint("config_page", __name__, url_prefix="/config")
