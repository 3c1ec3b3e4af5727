"""The checks behind /readyz: each returns (ok, detail); detail never holds a secret."""
import time

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from webapp.biotrack.app import get_client
from webapp.extensions import db
from webapp.models import utcnow
from webapp.scheduler.status import heartbeat_fresh

# BioTrack is asked at most this often per process, however often /readyz is polled.
BIOTRACK_CHECK_SECONDS = 30
_biotrack_seen = {}  # base URL -> (checked at, (ok, detail))
_heads = {}  # migrations directory -> the revisions a migrated database is at


def database() -> tuple[bool, str]:
    """The database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver failure means "not reachable"
        db.session.rollback()
        return False, f"database not reachable ({type(error).__name__})"
    return True, "reachable"


def migrations() -> tuple[bool, str]:
    """The database is at the newest revision of every migration branch."""
    directory = current_app.extensions["migrate"].directory
    if directory not in _heads:
        script = ScriptDirectory(directory)
        _heads[directory] = set(script.get_heads())
    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:
        db.session.rollback()
        return False, "not migrated: run `flask --app wsgi db upgrade heads`"
    if current != _heads[directory]:
        at, expected = ", ".join(sorted(current)) or "nothing", ", ".join(sorted(_heads[directory]))
        return False, f"at {at}, code expects {expected}: run `flask --app wsgi db upgrade heads`"
    return True, f"at head ({', '.join(sorted(current))})"


def scheduler() -> tuple[bool, str]:
    """A scheduler has recorded its heartbeat recently."""
    try:
        return heartbeat_fresh(utcnow())
    except Exception as error:
        db.session.rollback()
        return False, f"heartbeat unreadable ({type(error).__name__})"


def biotrack() -> tuple[bool, str]:
    """BioTrack answers HTTP (cached for a while: polling us must not poll BioTrack)."""
    base = current_app.config["BIOTRACK_BASE_URL"]
    checked_at, result = _biotrack_seen.get(base, (None, None))
    if checked_at is None or time.monotonic() - checked_at > BIOTRACK_CHECK_SECONDS:
        result = get_client().reachable()
        _biotrack_seen[base] = (time.monotonic(), result)
    return result


def forget_biotrack() -> None:
    """Ask BioTrack again at the next check (tests, and after a configuration change)."""
    _biotrack_seen.clear()


REQUIRED_CHECKS = {"database": database, "migrations": migrations, "scheduler": scheduler}


def readiness() -> tuple[bool, dict]:
    """(ready, checks): ready when every required check passes; BioTrack is only reported."""
    checks = {}
    db_ok = False
    for name, check in REQUIRED_CHECKS.items():
        if name != "database" and not db_ok:
            checks[name] = {"ok": False, "detail": "skipped: database not reachable"}
            continue
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail}
        db_ok = db_ok or (name == "database" and ok)
    ok, detail = biotrack()
    checks["biotrack"] = {"ok": ok, "detail": detail, "required": False}
    return all(checks[name]["ok"] for name in REQUIRED_CHECKS), checks
