"""Notifications: expiry warnings (the scheduled check), the page listing what was sent, and
the Config Page tab where a store's extra recipient addresses are kept."""
from flask import Blueprint

from webapp import config_page
from webapp.navigation import nav_item

bp = Blueprint("notifications", __name__)

from webapp.notifications import expiry, views  # noqa: E402,F401  (registers the job, routes)

nav_item("Configuration", "Expiry warnings sent", "notifications.index", "config_page", 20)
# Appended: the Config Page opens its first tab, which should stay Integration.
if ("Notifications", "notifications.settings") not in config_page.TABS:
    config_page.TABS.append(("Notifications", "notifications.settings"))
