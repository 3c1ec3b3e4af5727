"""A store named on the command line (the CLI's commands take a store by its name)."""
import click
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Location, Organization


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
