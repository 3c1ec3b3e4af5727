"""Manage Account: what every user can change about themselves."""
from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

# Features add (label, endpoint) entries to the Manage Account sub-navigation.
SECTIONS = [("Profile and password", "account.index"),
            ("My BioTrack credentials", "account.credentials_list")]

from webapp.account import credential_actions, traceability, views  # noqa: E402,F401
from webapp.credentials import banner, jobs  # noqa: E402,F401
