"""The audit log as CSV, streamed: read in keyset batches, written as it goes."""
import csv
import io

from flask import Response, request, stream_with_context
from flask_login import current_user
from sqlalchemy import select, tuple_

from webapp import audit
from webapp.admin import bp
from webapp.extensions import db
from webapp.models import AuditEvent, Location, User, utcnow
from webapp.security import permission_required

BATCH = 500
HEADER = ("when_utc", "actor", "action", "summary", "store", "target_type", "target_id",
          "biotrack_username", "ip_address")
# A cell a spreadsheet would run as a formula is kept as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as the text it is."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _rows(organization_id: int, action: str):
    """Every matching event, newest first, a batch at a time (no OFFSET, no full load)."""
    query = select(AuditEvent.created_at, AuditEvent.id, User.email, AuditEvent.action,
                   AuditEvent.summary, Location.name, AuditEvent.target_type,
                   AuditEvent.target_id, AuditEvent.biotrack_username,
                   AuditEvent.ip_address).outerjoin(User, User.id == AuditEvent.actor_id) \
        .outerjoin(Location, Location.id == AuditEvent.location_id) \
        .where(AuditEvent.organization_id == organization_id)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    key, last = tuple_(AuditEvent.created_at, AuditEvent.id), None
    while True:
        page = query if last is None else query.where(key < tuple_(*last))
        rows = db.session.execute(page.order_by(AuditEvent.created_at.desc(),
                                                AuditEvent.id.desc()).limit(BATCH)).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = (rows[-1][0], rows[-1][1])


def _lines(organization_id: int, action: str):
    """The CSV text, a batch of lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n, row in enumerate(_rows(organization_id, action), 1):
        when, _id, *rest = row
        writer.writerow([when.isoformat(timespec="seconds")] + [_cell(v) for v in rest])
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@bp.route("/audit.csv")
@permission_required("manage_organization")
def audit_csv():
    """Download the audit log (with the page's filter) as CSV; the download is audited."""
    action = request.args.get("action", "").strip()
    organization_id = current_user.organization_id
    audit.record("audit.exported", summary="Audit log exported as CSV"
                 + (f" (actions starting with {action})" if action else ""),
                 details={"action": action})
    db.session.commit()
    name = f"audit-log-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(stream_with_context(_lines(organization_id, action)),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="{name}"'})
