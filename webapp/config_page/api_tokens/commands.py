"""`flask --app wsgi api-token create "Downtown"`: a point-of-sale token from the shell."""
import click

from webapp.config_page.api_tokens import tokens
from webapp.stores.named import store_named


@click.group("api-token")
def api_token():
    """Point-of-sale API tokens."""


@api_token.command("create")
@click.argument("store")
@click.option("--organization", help="Organization name, when several have a store so named.")
@click.option("--name", default="Point of sale", show_default=True, help="What the token is for.")
def create(store, organization, name):
    """Create a token for STORE (its name) and print it once."""
    location = store_named(store, organization)
    row, token = tokens.create(location, name)
    click.echo(f"API token for {location.name} ({location.organization.name}), "
               f"shown only now:\n{token}")
