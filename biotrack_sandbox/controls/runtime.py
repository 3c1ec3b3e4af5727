"""Controls of the sandbox itself: reset, clock, faults, ledger, outbox."""
from flask import current_app, jsonify, request

from .. import clock, db, faults, ledger, seed
from ..errors import invalid
from . import bp
from .body import body, need

UNITS = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


@bp.post("/reset")
def reset():
    """Forget everything and load the demo seed again."""
    seed.reset(current_app.config)
    return jsonify({"reset": True})


@bp.get("/clock")
def get_clock():
    """The sandbox time and its offset from real time."""
    return jsonify({"now": clock.rfc3339(clock.now()), "offset_seconds": clock.offset()})


@bp.post("/clock")
def move_clock():
    """Set the offset ({"offset_seconds": n}) or move it ({"days": 101, "hours": ...})."""
    data = body()
    if "offset_seconds" in data:
        offset = float(data["offset_seconds"])
    else:
        offset = clock.offset() + sum(float(data.get(unit, 0)) * seconds for unit, seconds in UNITS.items())
    clock.set_offset(offset)
    return get_clock()


@bp.post("/faults")
def add_fault():
    """Queue a fault rule: kind, path (prefix), method, license, phase before|after, count, seconds, retry_after, body."""
    data = body()
    (kind,) = need(data, "kind")
    phase, shape = data.get("phase", "before"), data.get("body", "json")
    errors = {}
    if kind not in faults.KINDS:
        errors["kind"] = f"must be one of {sorted(faults.KINDS)}."
    if phase not in ("before", "after"):
        errors["phase"] = "must be before or after."
    if shape not in faults.BODIES:
        errors["body"] = f"must be one of {sorted(faults.BODIES)}."
    if errors:
        raise invalid(errors)
    with db.transaction() as conn:
        fault_id = conn.execute(
            "INSERT INTO faults (kind, path_prefix, method, phase, remaining, seconds, retry_after, body, license) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, data.get("path", "/"), (data.get("method") or "").upper() or None, phase,
             int(data.get("count", 1)), float(data.get("seconds", 0)), int(data.get("retry_after", 1)), shape,
             data.get("license") or None),
        ).lastrowid
    return jsonify({"id": fault_id}), 201


@bp.get("/faults")
def list_faults():
    """Rules still queued."""
    return jsonify({"faults": [dict(r) for r in db.all_rows("SELECT * FROM faults WHERE remaining > 0 ORDER BY id")]})


@bp.delete("/faults")
def clear_faults():
    """Drop every rule."""
    with db.transaction() as conn:
        conn.execute("DELETE FROM faults")
    return jsonify({"cleared": True})


@bp.get("/ledger")
def read_ledger():
    """Recorded actions, oldest first, optionally for one license."""
    license_ = request.args.get("license")
    if license_:
        rows = db.all_rows("SELECT * FROM ledger WHERE license = ? ORDER BY id", license_)
    else:
        rows = db.all_rows("SELECT * FROM ledger ORDER BY id")
    return jsonify({"entries": [ledger.entry_json(r) for r in rows]})


@bp.get("/outbox")
def outbox():
    """E-mails the sandbox would have sent."""
    rows = db.all_rows("SELECT * FROM outbox ORDER BY id")
    return jsonify({"emails": [
        {"to": r["to_address"], "subject": r["subject"], "body": r["body"], "link": r["link"], "sent_at": clock.rfc3339(r["created_at"])}
        for r in rows
    ]})
