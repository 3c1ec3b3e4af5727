"""BioTrack Users: admins manage the BioTrack accounts of the store's UBI, see who linked them."""
from webapp.biotrack_users import views
from webapp.biotrack_users.account_status import views as account_status
from webapp.biotrack_users.onboarding import views as onboarding
from webapp.biotrack_users.owners import views as owners
from webapp.biotrack_users.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "biotrack_users", blueprints=(bp,),
    routes=(views, account_status, owners, onboarding),
    menu=(MenuEntry("BioTrack", "BioTrack Users", "biotrack_users.index",
                    "manage_biotrack_users", 10),
          MenuEntry("BioTrack", "Onboarding", "biotrack_users.onboarding",
                    "manage_biotrack_users", 20)))
