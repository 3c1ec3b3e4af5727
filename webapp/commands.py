"""Command-line tools: `flask --app wsgi <command>`."""
import click
from flask import current_app

from webapp import demo
from webapp.scheduler.cli import scheduler_command


def init_app(app):
    """Register the commands."""
    from webapp.reporting.archive import archive_month
    from webapp.reporting.commands import api_token, deliver
    app.cli.add_command(seed_demo)
    app.cli.add_command(archive_month)
    app.cli.add_command(api_token)
    app.cli.add_command(deliver)
    app.cli.add_command(scheduler_command)


@click.command("seed-demo")
def seed_demo():
    """Create the demo organization, stores and users (idempotent)."""
    org = demo.seed()
    click.echo(f"Demo organization ready: {org.name} "
               f"({', '.join(loc.name for loc in org.locations)})")
    if current_app.config["ENV_NAME"] != "development":
        click.echo("Note: demo passwords are public; do not seed a production database.")
