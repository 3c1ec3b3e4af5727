"""Signing in and out, changing one's password, accepting an invitation."""
from webapp.auth import views
from webapp.auth.blueprint import bp
from webapp.features import Feature

FEATURE = Feature("auth", blueprints=(bp,), routes=(views,))
