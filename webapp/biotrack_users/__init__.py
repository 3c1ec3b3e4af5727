"""BioTrack Users: admins manage the BioTrack accounts of the store's UBI, see who linked them."""
from flask import Blueprint

from webapp.navigation import nav_item

bp = Blueprint("biotrack_users", __name__, url_prefix="/biotrack")

nav_item("BioTrack", "BioTrack Users", "biotrack_users.index", "manage_biotrack_users", 10)
nav_item("BioTrack", "Onboarding", "biotrack_users.onboarding", "manage_biotrack_users", 20)

from webapp.biotrack_users import actions, onboarding, owners, views  # noqa: E402,F401
