"""The dashboard: the selected store at a glance, and the employee's own part."""
from flask import g, render_template
from flask_login import current_user, login_required

from webapp import features
from webapp.dashboard import mine
from webapp.dashboard.blueprint import bp
from webapp.models.reporting import KIND_LABELS


@bp.route("/")
@login_required
def index():
    """The selected store at a glance."""
    tiles = features.tiles(g.location) if g.location is not None else []
    personal = current_user.can("perform_actions")
    return render_template(
        "dashboard/index.html", tiles=tiles,
        links=mine.store_links(current_user) if personal else [],
        recent=mine.recent_actions(current_user) if personal else None, kinds=KIND_LABELS)

