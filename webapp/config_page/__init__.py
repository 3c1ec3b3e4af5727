"""Configuration > Config Page: the store's configuration, one tab per area."""
from flask import Blueprint, redirect, render_template, url_for

from webapp.navigation import nav_item
from webapp.security import location_required, permission_required

bp = Blueprint("config_page", __name__, url_prefix="/config")

# Features add (label, endpoint) tabs; the first one is where the Config Page opens.
TABS: list[tuple[str, str]] = []

nav_item("Configuration", "Config Page", "config_page.index", "config_page", 10)


@bp.route("/")
@permission_required("config_page")
@location_required
def index():
    """Open the first tab of the Config Page for the selected store."""
    if TABS:
        return redirect(url_for(TABS[0][1]))
    return render_template("config/index.html", tabs=TABS)
