"""Gunicorn reads this file from the working directory: `gunicorn --workers 4 wsgi:app`."""


def child_exit(server, worker):
    """A worker ended: with PROMETHEUS_MULTIPROC_DIR, drop its live-only metric files."""
    from webapp.operations.exposition import mark_process_dead
    mark_process_dead(worker.pid)
