"""Settings > Integrations > BioTrack: UBI, vendor preference, company credentials, license sync."""
from flask import Blueprint

from webapp.navigation import nav_item

bp = Blueprint("company", __name__, url_prefix="/settings")

nav_item("Settings", "Company BioTrack setup", "company.biotrack", "manage_company_settings", 10)
nav_item("Settings", "Companies", "company.companies_list", "manage_company_settings", 20)
nav_item("Settings", "My BioTrack credentials", "account.credentials_list", None, 30)

from webapp.company import (companies_views, credential_views, jobs,  # noqa: E402,F401
                            license_views, template_globals, views)
