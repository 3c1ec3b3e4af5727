"""Intake: actions coming in, from a point of sale through the API or typed on the pages, each
stored with its queued delivery in one transaction (the outbox the delivery worker reads)."""
from webapp.features import Feature, MenuEntry
from webapp.intake.api import views as api
from webapp.intake.pages import views as pages
from webapp.intake.pages.blueprint import bp

FEATURE = Feature(
    "intake", blueprints=(bp, api.api), routes=(pages,),
    menu=(MenuEntry("Point of sale", "Record an action", "intake.actions", "perform_actions",
                    10),))
