"""The store selector's route: the blueprint, apart from the package so its route modules import
it without importing the package that imports them."""
from flask import Blueprint

bp = Blueprint("stores", __name__)
