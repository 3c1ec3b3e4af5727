"""The home page of a signed-in user."""
from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from webapp import features
from webapp.features import Feature
from webapp.models.reporting import KIND_LABELS

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    """The selected store at a glance."""
    from webapp.dashboard import mine  # its imports reach features that import this package
    tiles = features.tiles(g.location) if g.location is not None else []
    personal = current_user.can("perform_actions")
    return render_template(
        "dashboard/index.html", tiles=tiles,
        links=mine.store_links(current_user) if personal else [],
        recent=mine.recent_actions(current_user) if personal else None, kinds=KIND_LABELS)


FEATURE = Feature("dashboard", blueprints=(bp,))
