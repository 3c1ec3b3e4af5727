"""`flask --app wsgi deliver`: a delivery worker process (the scale-out of the scheduler's job)."""
import click


@click.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--idle", default=1.0, show_default=True, help="Seconds to rest when idle.")
def deliver(once, idle):
    """Run a delivery worker: send due reports to BioTrack until stopped (SIGTERM/Ctrl-C)."""
    import signal

    from webapp.delivery.worker import drain, run_forever
    if once:
        click.echo(drain(budget_seconds=60.0))
        return
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    run_forever(lambda: bool(stopping), idle_seconds=idle)
