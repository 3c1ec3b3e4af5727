"""Command-line tools: `flask --app wsgi <command>`."""
import functools

import click
from flask import current_app
from sqlalchemy.exc import OperationalError, ProgrammingError

from webapp import demo
from webapp.scheduler.cli import scheduler_command


def init_app(app):
    """Register the commands."""
    from webapp.config_page.api_tokens.commands import api_token
    from webapp.delivery.commands import deliver
    from webapp.delivery_log.archive import archive_month
    for command in (seed_demo, archive_month, api_token, deliver, scheduler_command,
                    rotate_keys):
        app.cli.add_command(_database_errors_in_one_line(command))


def _database_errors_in_one_line(command):
    """A database that is down or not migrated yet is a one-line message, not a traceback."""
    for sub in getattr(command, "commands", {}).values():
        _database_errors_in_one_line(sub)
    if command.callback is None or getattr(command.callback, "one_line_errors", False):
        return command
    callback = command.callback

    @functools.wraps(callback)
    def run(*args, **kwargs):
        """The command, with database failures explained."""
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            said = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise click.ClickException(
                f"The database is not reachable or not migrated ({said}). Check DATABASE_URL, "
                "then run: .venv/bin/flask --app wsgi db upgrade heads") from None
    run.one_line_errors = True
    command.callback = run
    return command


@click.command("seed-demo")
def seed_demo():
    """Create the demo organization, stores and users (idempotent)."""
    org = demo.seed()
    click.echo(f"Demo organization ready: {org.name} "
               f"({', '.join(loc.name for loc in org.locations)})")
    if current_app.config["ENV_NAME"] != "development":
        click.echo("Note: demo passwords are public; do not seed a production database.")


@click.command("rotate-keys")
@click.option("--batch", default=500, show_default=True, help="Rows per committed batch.")
def rotate_keys(batch):
    """Re-encrypt every stored secret with the first key of CREDENTIALS_KEYS (resumable)."""
    from webapp.key_rotation import rotate_all
    unreadable = 0
    for table, counts in rotate_all(batch).items():
        unreadable += len(counts.unreadable)
        click.echo(f"{table}: {counts.rotated} re-encrypted, {counts.current} already current"
                   + (f", {len(counts.unreadable)} unreadable (ids "
                      f"{', '.join(map(str, counts.unreadable[:20]))})"
                      if counts.unreadable else ""))
    if unreadable:
        raise click.ClickException(f"{unreadable} secrets open with none of CREDENTIALS_KEYS; "
                                   "keep the key that wrote them until they are replaced.")
    click.echo("Done: every stored secret is under the first key; older keys can be removed.")
