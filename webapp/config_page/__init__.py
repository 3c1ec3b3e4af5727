"""Configuration > Config Page: the store's configuration, one tab per area."""
from flask import Blueprint, redirect, render_template, url_for

from webapp import features
from webapp.features import Feature, MenuEntry
from webapp.security import location_required, permission_required

bp = Blueprint("config_page", __name__, url_prefix="/config")


@bp.route("/")
@permission_required("config_page")
@location_required
def index():
    """Open the first tab of the Config Page for the selected store."""
    tabs = features.config_tabs()  # each feature declares its own tabs
    if tabs:
        return redirect(url_for(tabs[0][1]))
    return render_template("config/index.html", tabs=tabs)


FEATURE = Feature("config_page", blueprints=(bp,), menu=(
    MenuEntry("Configuration", "Config Page", "config_page.index", "config_page", 10),))
