"""Manage Account: what every user can change about themselves."""
from webapp.account import views
from webapp.account.credentials import views as credentials_views
from webapp.account.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "account", blueprints=(bp,), routes=(views, credentials_views),
    menu=(MenuEntry("Settings", "My BioTrack credentials", "account.credentials_list",
                    order=30),),
    account_sections=(("Profile and password", "account.index"),
                      ("My BioTrack credentials", "account.credentials_list")))
