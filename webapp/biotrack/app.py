"""Flask glue: one BioTrackClient per app, built from the app's config."""
from flask import Flask, current_app

from .client import BioTrackClient

EXTENSION = "biotrack"


def _timeout(value):
    """BIOTRACK_TIMEOUT as seconds, "connect,read", or a (connect, read) pair."""
    if value is None or value == "":
        return (3.05, 15)
    if isinstance(value, str):
        parts = [float(p) for p in value.split(",")]
        return parts[0] if len(parts) == 1 else tuple(parts[:2])
    return value


def init_app(app: Flask, *, on_grant_refresh=None) -> BioTrackClient:
    """Create the app's client (BIOTRACK_BASE_URL, BIOTRACK_CLIENT_ID, BIOTRACK_CLIENT_SECRET, BIOTRACK_TIMEOUT)."""
    missing = [k for k in ("BIOTRACK_BASE_URL", "BIOTRACK_CLIENT_ID", "BIOTRACK_CLIENT_SECRET") if not app.config.get(k)]
    if missing:
        raise RuntimeError("Missing BioTrack setting(s): " + ", ".join(missing))
    client = BioTrackClient(
        app.config["BIOTRACK_BASE_URL"], app.config["BIOTRACK_CLIENT_ID"], app.config["BIOTRACK_CLIENT_SECRET"],
        timeout=_timeout(app.config.get("BIOTRACK_TIMEOUT")), on_grant_refresh=on_grant_refresh,
    )
    app.extensions[EXTENSION] = client
    return client


def get_client() -> BioTrackClient:
    """The current app's client (init_app must have run)."""
    return current_app.extensions[EXTENSION]
