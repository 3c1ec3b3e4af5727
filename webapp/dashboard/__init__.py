"""The home page of a signed-in user."""
from flask import Blueprint, g, render_template
from flask_login import login_required

bp = Blueprint("dashboard", __name__)

# Features add (name, callable(location) -> context dict) pairs to fill dashboard tiles.
TILE_PROVIDERS = []


@bp.route("/")
@login_required
def index():
    """The selected store at a glance."""
    tiles = []
    if g.location is not None:
        for provider in TILE_PROVIDERS:
            tiles.extend(provider(g.location))
    return render_template("dashboard/index.html", tiles=tiles)

