"""Manage Account: what every user can change about themselves."""

from webapp.account import credential_actions, traceability, views
from webapp.account.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "account", blueprints=(bp,), routes=(views, credential_actions, traceability),
    menu=(MenuEntry("Settings", "My BioTrack credentials", "account.credentials_list",
                    order=30),),
    account_sections=(("Profile and password", "account.index"),
                      ("My BioTrack credentials", "account.credentials_list")))
