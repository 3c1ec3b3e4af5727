"""Database conventions: SQLite tuned for a web app with a background worker."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    # WAL lets the scheduler write while web requests read.
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=NORMAL",
    # A checkpoint costs two fsyncs whatever its size, and each recorded action rewrites the
    # same hot index pages: checkpointing every 4,000 WAL pages (~16 MB, ~250 actions) instead
    # of 1,000 copies nearly the same pages a quarter as often. Measured over 4,000 recorded
    # actions: mean 943-993 -> 924-930 µs, 99th percentile 5.0-5.3 -> 1.6 ms, the longest
    # (the request that checkpoints) 6-8 -> 12-15 ms.
    "PRAGMA wal_autocheckpoint=4000",
)


def _on_connect(dbapi_connection, connection_record):
    """Apply the pragmas to every new SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()


def init_app(app):
    """Install the connection hook once per process."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


def insert_ignoring_duplicates(bind, model):
    """INSERT ... ON CONFLICT DO NOTHING for the dialect of `bind` (SQLite or PostgreSQL).

    A row whose unique key already exists is skipped without an error, so the caller's
    transaction goes on; `.returning(...)` yields only the rows really inserted.
    """
    name = bind.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"insert_ignoring_duplicates does not support {name}")
    return insert(model).on_conflict_do_nothing()
