"""The home page of a signed-in user."""
from webapp.dashboard import views
from webapp.dashboard.blueprint import bp
from webapp.features import Feature

FEATURE = Feature("dashboard", blueprints=(bp,), routes=(views,))
