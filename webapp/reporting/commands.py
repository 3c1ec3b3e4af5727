"""`flask --app wsgi api-token create "Downtown"`: a point-of-sale token from the shell."""
import click
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Location, Organization
from webapp.reporting import tokens


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


def store_named(store: str, organization: str | None, active_only=True) -> Location:
    """The one store so named (of the organization, if given), or a ClickException."""
    query = select(Location).where(Location.name == store)
    if active_only:
        query = query.where(Location.active.is_(True))
    if organization:
        query = query.join(Organization).where(Organization.name == organization)
    matches = db.session.scalars(query).all()
    if not matches:
        raise click.ClickException(f"No {'active ' if active_only else ''}store named "
                                   f"{store!r}.")
    if len(matches) > 1:
        raise click.ClickException(f"Several organizations have a store named {store!r}: "
                                   "add --organization.")
    return matches[0]


@click.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--idle", default=1.0, show_default=True, help="Seconds to rest when idle.")
def deliver(once, idle):
    """Run a delivery worker: send due reports to BioTrack until stopped (SIGTERM/Ctrl-C)."""
    import signal

    from webapp.reporting.delivery.worker import drain, run_forever
    if once:
        click.echo(drain(budget_seconds=60.0))
        return
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    run_forever(lambda: bool(stopping), idle_seconds=idle)
