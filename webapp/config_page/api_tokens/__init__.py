"""Configuration > Config Page > API tokens: a store's point-of-sale tokens (created, shown
once, revoked) and `flask --app wsgi api-token create`."""
from webapp.config_page.api_tokens import views
from webapp.config_page.api_tokens.blueprint import bp
from webapp.features import Feature

FEATURE = Feature("api_tokens", blueprints=(bp,), routes=(views,),
                  config_tabs=(("API tokens", "api_tokens.index"),))
