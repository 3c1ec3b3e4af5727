"""Configuration > Config Page > Integration: the store's BioTrack integrator authorization."""
from webapp.features import Feature
from webapp.config_page.integration import banners, jobs, views
from webapp.config_page.integration.blueprint import bp

FEATURE = Feature(
    "integration", blueprints=(bp,), routes=(views,),
    config_tabs=(("Integration", "integration.index"),),  # the Config Page opens on it
    tiles=(banners.authorization_tile,), banners=(banners.expiry_banners,),
    jobs=(jobs.expire_consent_requests,))
