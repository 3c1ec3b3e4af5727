"""The delivery log's bulk step: the selected reports (or all matching the filter), at once."""
from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user

from webapp.reporting import bulk
from webapp.reporting.blueprint import bp
from webapp.reporting.log_query import Filters
from webapp.security import location_required, permission_required

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
    back = redirect(url_for("reporting.log", **filters.as_args()))
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
