"""Configuration > Config Page: the store's configuration, one tab per area. The tabs are
features of their own, in sub-packages: integration (the BioTrack integrator authorization),
notifications (expiry warnings and their recipients) and api_tokens (point-of-sale tokens)."""
from webapp.config_page import views
from webapp.config_page.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature("config_page", blueprints=(bp,), routes=(views,), menu=(
    MenuEntry("Configuration", "Config Page", "config_page.index", "config_page", 10),))
