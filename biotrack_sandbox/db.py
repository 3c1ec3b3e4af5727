"""SQLite storage shared by every worker process of the sandbox."""
import os
import sqlite3
from contextlib import contextmanager
from importlib import resources

from flask import current_app, g

BUSY_TIMEOUT_SECONDS = 15


def connect(path: str) -> sqlite3.Connection:
    """Open the database in autocommit mode; transactions are explicit (see transaction())."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def create_schema(path: str) -> None:
    """Create the file and its tables; WAL lets readers in other workers proceed during writes."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(resources.files(__package__).joinpath("schema.sql").read_text())
        _add_missing_columns(conn)
    finally:
        conn.close()


def _add_missing_columns(conn) -> None:
    """Columns added since a database file was first created (CREATE IF NOT EXISTS skips them)."""
    columns = {row["name"] for row in conn.execute("PRAGMA table_info(faults)")}
    if "license" not in columns:
        conn.execute("ALTER TABLE faults ADD COLUMN license TEXT")


def get_db() -> sqlite3.Connection:
    """Return this request's connection."""
    if "sandbox_db" not in g:
        g.sandbox_db = connect(current_app.config["SANDBOX_DATABASE"])
    return g.sandbox_db


def close_db(_exc=None) -> None:
    """Close this request's connection."""
    conn = g.pop("sandbox_db", None)
    if conn is not None:
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection | None = None):
    """Run a write transaction; IMMEDIATE takes the write lock first, so no two workers interleave."""
    conn = conn or get_db()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def one(sql: str, *params):
    """Return the first row of a query, or None."""
    return get_db().execute(sql, params).fetchone()


def all_rows(sql: str, *params) -> list:
    """Return every row of a query."""
    return get_db().execute(sql, params).fetchall()


def get_setting(key: str, default: str | None = None) -> str | None:
    """Read one value of the settings table."""
    row = one("SELECT value FROM settings WHERE key = ?", key)
    return row["value"] if row else default


def init_app(app) -> None:
    """Point the app at its database, create the tables and close connections after requests."""
    if not app.config.get("SANDBOX_DATABASE"):
        app.config["SANDBOX_DATABASE"] = os.path.join(app.instance_path, "sandbox.sqlite3")
    create_schema(app.config["SANDBOX_DATABASE"])
    app.teardown_appcontext(close_db)
