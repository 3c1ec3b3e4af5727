"""The API's database connection: one Core connection per request, no ORM session.

A point of sale's call runs a handful of statements on plain rows; the session's per-request
bookkeeping (its transaction object, the connection lookup, a commit that flushes, the removal
at teardown) cost as much as one of those statements, on every call.
"""
from flask import g

from webapp.extensions import db


def current():
    """This request's connection, opened on first use."""
    connection = g.get("api_connection")
    if connection is None:
        connection = g.api_connection = db.engine.connect()
    return connection


def close(_error=None) -> None:
    """Return the connection to the pool at the end of the request (unfinished work is rolled
    back)."""
    connection = g.pop("api_connection", None)
    if connection is not None:
        connection.close()
