"""Notifications: expiry warnings (the scheduled check), the page listing what was sent, and
the Config Page tab where a store's extra recipient addresses are kept."""
from webapp.features import Feature, MenuEntry
from webapp.config_page.notifications import expiry, views
from webapp.config_page.notifications.blueprint import bp

FEATURE = Feature(
    "notifications", blueprints=(bp,), routes=(views,),
    menu=(MenuEntry("Configuration", "Expiry warnings sent", "notifications.index",
                    "config_page", 20),),
    config_tabs=(("Notifications", "notifications.settings"),),
    jobs=(expiry.check_expiries,))
