"""The store selector: which location the user is working in."""
from webapp.features import Feature
from webapp.stores import views
from webapp.stores.blueprint import bp

FEATURE = Feature("stores", blueprints=(bp,), routes=(views,))
