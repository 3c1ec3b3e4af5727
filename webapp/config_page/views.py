"""Configuration > Config Page: opens the first of the tabs the features declare."""
from flask import redirect, render_template, url_for

from webapp import features
from webapp.config_page.blueprint import bp
from webapp.security import location_required, permission_required


@bp.route("/")
@permission_required("config_page")
@location_required
def index():
    """Open the first tab of the Config Page for the selected store."""
    tabs = features.config_tabs()  # each feature declares its own tabs
    if tabs:
        return redirect(url_for(tabs[0][1]))
    return render_template("config/index.html", tabs=tabs)
