"""The organization's audit log, and its CSV download (streamed: read in keyset batches,
written as it goes)."""
import csv
import io

from flask import Response, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select, tuple_

from webapp import audit
from webapp.admin.blueprint import bp
from webapp.csv_export import safe_cell
from webapp.extensions import db
from webapp.models import AuditEvent, Location, User, utcnow
from webapp.paging import keyset
from webapp.security import permission_required

KEY = (AuditEvent.created_at, AuditEvent.id)


def _events(action: str):
    """The organization's events, those whose action starts with `action` if given."""
    query = select(AuditEvent).where(
        AuditEvent.organization_id == current_user.organization_id)
    return query.where(AuditEvent.action.startswith(action)) if action else query


@bp.route("/audit")
@permission_required("manage_organization")
def audit_log():
    """Newest audit events first, a page at a time."""
    action = request.args.get("action", "").strip()
    events = keyset(_events(action), KEY, descending=True, after=request.args.get("after"),
                    before=request.args.get("before"))
    return render_template("admin/audit_log.html", events=events, action=action)


BATCH = 500
HEADER = ("when_utc", "actor", "action", "summary", "store", "target_type", "target_id",
          "biotrack_username", "ip_address")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as the text it is."""
    return safe_cell("" if value is None else str(value))


def _query(organization_id: int, action: str):
    """The columns of the CSV, newest first (the actor's e-mail and the store's name joined)."""
    query = select(AuditEvent.created_at, AuditEvent.id, User.email, AuditEvent.action,
                   AuditEvent.summary, Location.name, AuditEvent.target_type,
                   AuditEvent.target_id, AuditEvent.biotrack_username,
                   AuditEvent.ip_address).outerjoin(User, User.id == AuditEvent.actor_id) \
        .outerjoin(Location, Location.id == AuditEvent.location_id) \
        .where(AuditEvent.organization_id == organization_id)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(BATCH)


def _lines(app, organization_id: int, action: str):
    """The CSV text, a batch at a time. Each batch is read in an app context of its own, held
    only while reading: the request's is gone once the server pulls the first chunk."""
    query, key, last = _query(organization_id, action), tuple_(AuditEvent.created_at,
                                                               AuditEvent.id), None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    while True:
        with app.app_context():
            rows = db.session.execute(
                query if last is None else query.where(key < tuple_(*last))).all()
        for when, _id, *rest in rows:
            writer.writerow([when.isoformat(timespec="seconds")] + [_cell(v) for v in rest])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < BATCH:
            return
        last = (rows[-1][0], rows[-1][1])


@bp.route("/audit.csv", methods=["POST"])
@permission_required("manage_organization")
def audit_csv():
    """Download the audit log (with the page's filter) as CSV; the download is audited, so it
    is asked for with a POST (a GET never writes)."""
    action = request.form.get("action", "").strip()
    organization_id = current_user.organization_id
    audit.record("audit.exported", summary="Audit log exported as CSV"
                 + (f" (actions starting with {action})" if action else ""),
                 details={"action": action})
    db.session.commit()
    name = f"audit-log-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(_lines(current_app._get_current_object(), organization_id, action),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="{name}"'})
