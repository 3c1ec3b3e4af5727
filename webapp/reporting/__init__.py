"""Reporting actions to BioTrack as the employee who performed them."""
from webapp.features import Feature, MenuEntry
from webapp.reporting import api, bulk_views, jobs, log_views, overview, pages, token_views
from webapp.reporting.blueprint import bp

FEATURE = Feature(
    "reporting", blueprints=(bp, api.api), routes=(pages, log_views, bulk_views, token_views),
    menu=(MenuEntry("Point of sale", "Record an action", "reporting.actions",
                    "perform_actions", 10),
          MenuEntry("BioTrack", "Delivery log", "reporting.log", "view_reports", 20)),
    config_tabs=(("API tokens", "reporting.api_tokens"),),
    tiles=(overview.tiles,), banners=(overview.reporting_banners,),
    jobs=(jobs.deliver_reports,))
