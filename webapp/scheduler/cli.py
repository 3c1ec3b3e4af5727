"""`flask --app wsgi scheduler`: the one process per deployment that runs scheduled jobs."""
import click
from flask import current_app

from webapp.scheduler import JOBS
from webapp.scheduler.runner import run_job, serve


@click.command("scheduler")
@click.option("--run", "run_ids", multiple=True, metavar="JOB",
              help="Run this job once now and exit (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the registered jobs and exit.")
def scheduler_command(run_ids, list_only):
    """Run scheduled jobs (expiry warnings, e-mail delivery, ...) until stopped.

    Start exactly one per deployment, beside the web workers; a second one by mistake sends
    nothing twice, but does the work twice.
    """
    app = current_app._get_current_object()
    if list_only:
        for job in JOBS.values():
            click.echo(f"{job.id}\t{job.trigger} {job.trigger_args}")
        return
    if not app.config.get("MAIL_SERVER"):
        raise click.UsageError("Missing required setting: MAIL_SERVER (the SMTP server the "
                               "scheduler sends e-mail through; see README, Configuration).")
    if run_ids:
        unknown = sorted(set(run_ids) - JOBS.keys())
        if unknown:
            raise click.UsageError(f"No such job: {', '.join(unknown)} "
                                   f"(known: {', '.join(sorted(JOBS))})")
        if not all([run_job(app, JOBS[job_id]) for job_id in run_ids]):
            raise SystemExit(1)
        return
    serve(app, list(JOBS.values()))
