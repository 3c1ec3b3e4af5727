"""BioTrack > Delivery log: every action, as whom it was reported and why, the fixes people
apply (retry, re-send, correct, send as default, in bulk), its CSV and monthly archive; the
dashboard tiles and banners about reports that wait."""
from webapp.delivery_log import overview, views
from webapp.delivery_log.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "delivery_log", blueprints=(bp,), routes=(views,),
    menu=(MenuEntry("BioTrack", "Delivery log", "delivery_log.log", "view_reports", 20),),
    tiles=(overview.tiles,), banners=(overview.reporting_banners,))
