"""`flask --app wsgi archive-month "Downtown" 2026-01`: one month of a store's log as CSV.

Nothing is ever deleted: the history is a regulatory record. This writes a month out (for an
archive, or an inspector) through the same streamed, indexed read as the page's export, so it
does not slow the live pages however large the history is.
"""
import calendar
from datetime import date

import click

from webapp.extensions import db
from webapp.delivery_log import csv_stream, export as log_export
from webapp.stores.named import store_named
from webapp.delivery_log.query import Filters, export_query


def month_filters(month: str) -> Filters:
    """YYYY-MM as the log's date filters (the store's calendar days)."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise click.BadParameter("give the month as YYYY-MM, e.g. 2026-01", param_hint="MONTH")
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Filters(date_from=first, date_to=last)


@click.command("archive-month")
@click.argument("store")
@click.argument("month")
@click.option("--organization", help="Organization name, when several have a store so named.")
@click.option("--output", type=click.File("w"), default="-", show_default=True,
              help="Where to write the CSV (default: standard output).")
def archive_month(store, month, organization, output):
    """Write STORE's actions of MONTH (YYYY-MM, the store's days) as the log's CSV."""
    filters = month_filters(month)
    location = store_named(store, organization, active_only=False)
    rows = db.session.execute(export_query(location, filters),
                              execution_options={"yield_per": csv_stream.BATCH})
    for chunk in csv_stream.csv_chunks(log_export.HEADER, rows,
                                       lambda row: log_export.cells(row, location.time_zone)):
        output.write(chunk)
