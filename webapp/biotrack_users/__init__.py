"""BioTrack Users: admins manage the BioTrack accounts of the store's UBI, see who linked them."""
from webapp.biotrack_users import actions, onboarding, owners, views
from webapp.biotrack_users.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "biotrack_users", blueprints=(bp,), routes=(views, actions, owners, onboarding),
    menu=(MenuEntry("BioTrack", "BioTrack Users", "biotrack_users.index",
                    "manage_biotrack_users", 10),
          MenuEntry("BioTrack", "Onboarding", "biotrack_users.onboarding",
                    "manage_biotrack_users", 20)))
