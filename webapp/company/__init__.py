"""Settings > Integrations > BioTrack: UBI, vendor preference, company credentials, license sync."""
from webapp.company import (companies_views, credential_views, jobs, license_views,
                            template_globals, views)
from webapp.company.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "company", blueprints=(bp,),
    routes=(views, credential_views, license_views, companies_views, template_globals),
    menu=(MenuEntry("Settings", "Company BioTrack setup", "company.biotrack",
                    "manage_company_settings", 10),
          MenuEntry("Settings", "Companies", "company.companies_list",
                    "manage_company_settings", 20)),
    jobs=(jobs.nightly_company_refresh, jobs.nightly_license_resync))
