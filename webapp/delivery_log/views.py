"""The delivery log (view_reports): every action, as whom it was reported, and why; the fixes
people apply to one report or to many at once."""
from decimal import Decimal

from flask import (Response, abort, flash, g, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_login import current_user
from sqlalchemy import select

from webapp.csv_export import attachment, file_name, safe_row
from webapp.extensions import db
from webapp.models import Action, DeliveryAttempt, User
from webapp.models.reporting import KIND_LABELS, STATUS_LABELS
from webapp.delivery import figures
from webapp.delivery_log import bulk, csv_stream, fixes, export as log_export
from webapp.delivery_log.blueprint import bp
from webapp.intake.pages.forms import FORMS, show_field_errors
from webapp.delivery_log.query import Edge, Filters, export_query, log_page
from webapp.intake.schemas import Invalid
from webapp.security import location_required, permission_required
from webapp.validation import FieldError

PAGE_SIZE = 50


def _action(action_id) -> Action:
    """An action of the selected store, or 404."""
    action = db.session.get(Action, action_id)
    if action is None or action.location_id != g.location.id:
        abort(404)
    return action


@bp.route("/reports")
@permission_required("view_reports")
@location_required
def log():
    """The filtered log, one keyset page at a time (a fixed handful of queries per page)."""
    filters = Filters.from_args(request.args)
    page = log_page(g.location, filters, PAGE_SIZE, before=Edge.parse(request.args.get("before")),
                    after=Edge.parse(request.args.get("after")),
                    oldest=request.args.get("page") == "oldest")
    performers = db.session.execute(select(User.id, User.name).where(
        User.organization_id == g.location.organization_id).order_by(User.name)).all()
    return render_template("delivery_log/log.html", page=page, filters=filters,
                           kinds=KIND_LABELS, statuses=STATUS_LABELS, performers=performers,
                           counts=figures.status_counts(g.location), shown=figures.shown,
                           can_send_as_default=current_user.can("config_page"))


@bp.route("/reports.csv")
@permission_required("view_reports")
@location_required
def log_csv():
    """The filtered log as CSV, streamed in batches from one query (times in the store's zone)."""
    filters = Filters.from_args(request.args)
    zone = g.location.time_zone
    rows = _read_while_streaming(export_query(g.location, filters))
    body = csv_stream.csv_chunks(log_export.HEADER, rows, lambda row: safe_row(log_export.cells(row, zone)))
    return Response(stream_with_context(body), mimetype="text/csv", headers={
        "Content-Disposition": attachment(file_name("biotrack-deliveries", g.location.name))})


def _read_while_streaming(query):
    """Rows fetched in batches (a server-side cursor on PostgreSQL) as the response is sent.

    The query runs at the first row: the request's own session is closed once the view returns,
    and the streamed body runs in a fresh one.
    """
    yield from db.session.execute(query, execution_options={"yield_per": csv_stream.BATCH})


@bp.route("/reports/<int:action_id>")
@permission_required("view_reports")
@location_required
def report(action_id):
    """One action: its data, every attempt, and what can be done."""
    action = _action(action_id)
    attempts = db.session.scalars(select(DeliveryAttempt).where(
        DeliveryAttempt.delivery_id == action.delivery.id).order_by(
        DeliveryAttempt.started_at.desc())).all()
    return render_template("delivery_log/report.html", action=action, attempts=attempts,
                           kinds=KIND_LABELS, statuses=STATUS_LABELS)


@bp.route("/reports/<int:action_id>/retry", methods=["POST"])
@permission_required("view_reports")
@location_required
def retry(action_id):
    """Retry a waiting report now."""
    return _fix(action_id, fixes.retry_now, "will be retried now")


@bp.route("/reports/<int:action_id>/resend", methods=["POST"])
@permission_required("view_reports")
@location_required
def resend(action_id):
    """Send a failed report again as it is."""
    return _fix(action_id, fixes.resend, "will be sent again")


@bp.route("/reports/<int:action_id>/send-as-default", methods=["POST"])
@permission_required("config_page")
@location_required
def send_as_default(action_id):
    """Report a needs-attention action as the store's default user (an audited choice)."""
    return _fix(action_id, fixes.send_as_default, "will be reported as the default user")


def _fix(action_id, operation, done):
    """Apply a fix and come back to the action."""
    action = _action(action_id)
    try:
        operation(action, current_user)
    except FieldError as error:
        flash(error.message, "error")
    else:
        flash(f"{KIND_LABELS[action.kind]} {action.external_id} {done}.", "success")
    return redirect(url_for("delivery_log.report", action_id=action.id))


@bp.route("/reports/<int:action_id>/correct", methods=["GET", "POST"])
@permission_required("view_reports")
@location_required
def correct(action_id):
    """Correct a failed report's data, then send it again."""
    action = _action(action_id)
    if action.delivery.status != "failed":
        flash("Only failed reports can be corrected.", "error")
        return redirect(url_for("delivery_log.report", action_id=action.id))
    form = FORMS[action.kind](data=_form_data(action))
    if action.kind == "refund":
        form.sale_external_id.choices = [(action.data["sale_external_id"],
                                          action.data["sale_external_id"])]
    if form.validate_on_submit():
        try:
            fixes.resend(action, current_user, form.action_data())
        except Invalid as invalid:
            show_field_errors(form, invalid.fields)
        else:
            flash(f"{KIND_LABELS[action.kind]} {action.external_id} corrected; it will be "
                  "sent again.", "success")
            return redirect(url_for("delivery_log.report", action_id=action.id))
    return render_template("delivery_log/correct.html", form=form, action=action,
                           label=KIND_LABELS[action.kind], kind=action.kind)


NUMBERS = ("quantity", "price", "amount")


def _form_data(action) -> dict:
    """The stored data as the kind's form fields (numbers as Decimals, as the fields expect)."""
    def numbers(values: dict) -> dict:
        return {k: Decimal(v) if k in NUMBERS and v is not None else v
                for k, v in values.items()}
    data = numbers(action.data)
    if "items" in data:
        data["items"] = [numbers(item) for item in data["items"]]
    return data

DONE = {"retry": "will be retried now", "send_as_default": "will be sent as the default user"}
NONE = {"retry": "None of the chosen reports can be retried (delivered ones are left as "
                 "they are).",
        "send_as_default": "None of the chosen reports needs attention, so none was sent as "
                           "the default user."}


@bp.route("/reports/bulk", methods=["POST"])
@permission_required("view_reports")
@location_required
def bulk_step():
    """Retry, or send as the default user (an admin's choice), in one confirmed step."""
    operation = request.form.get("operation")
    if operation == "send_as_default" and not current_user.can("config_page"):
        abort(403)
    filters = Filters.from_args(request.form)
    back = redirect(url_for("delivery_log.log", **filters.as_args()))
    if operation not in DONE:
        flash("Choose Retry or Send as default user for the selected reports.", "error")
        return back
    if request.form.get("scope") == "filter":
        chosen_by = filters
        targets = bulk.chosen(g.location, filters=filters)
    else:
        chosen_by = None
        ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        if not ids:
            flash("Select at least one report, or all matching the filter.", "error")
            return back
        targets = bulk.chosen(g.location, ids=ids)
    step = bulk.retry if operation == "retry" else bulk.send_as_default
    count = step(g.location, current_user, targets, chosen_by)
    if count:
        flash(f"{count} report{'s' if count != 1 else ''} {DONE[operation]}.", "success")
    else:
        flash(NONE[operation], "error")
    return back
