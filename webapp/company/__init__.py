"""Settings > Company BioTrack setup (UBI, vendor preference, company credentials, license
sync) and Settings > Companies."""
from webapp.company import jobs, template_globals, views
from webapp.company.companies import views as companies
from webapp.company.credentials import views as credentials
from webapp.company.licenses import views as licenses
from webapp.company.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "company", blueprints=(bp,),
    routes=(views, credentials, licenses, companies, template_globals),
    menu=(MenuEntry("Settings", "Company BioTrack setup", "company.biotrack",
                    "manage_company_settings", 10),
          MenuEntry("Settings", "Companies", "company.companies_list",
                    "manage_company_settings", 20)),
    jobs=(jobs.nightly_company_refresh, jobs.nightly_license_resync))
