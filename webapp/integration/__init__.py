"""Configuration > Config Page > Integration: the store's BioTrack integrator authorization."""
from flask import Blueprint

from webapp import config_page

bp = Blueprint("integration", __name__, url_prefix="/config/integration")

if ("Integration", "integration.index") not in config_page.TABS:
    config_page.TABS.append(("Integration", "integration.index"))

from webapp.integration import banners, views  # noqa: E402,F401
