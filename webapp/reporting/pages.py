"""Point of sale pages: record an action by hand, see my recent actions."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from webapp import inventory
from webapp.extensions import db
from webapp.models import Action
from webapp.models.reporting import KIND_LABELS, KINDS, STATUS_LABELS
from webapp.reporting import counter, intake, sale_search
from webapp.reporting.blueprint import bp
from webapp.reporting.forms import FORMS
from webapp.reporting.schemas import Invalid
from webapp.security import location_required, permission_required

RECENT = 25
NOTHING_TO_RECORD = "Nothing to record yet: add at least one item (scan or type its barcode)."


def show_field_errors(form, fields: dict) -> None:
    """Put the intake's field paths (data.items[0].price) on the page's fields."""
    for path, message in fields.items():
        name = path.removeprefix("data.")
        if name.startswith("items[") and hasattr(form, "items"):
            index, _, sub = name[len("items["):].partition("].")
            row = form.items[int(index)] if index.isdigit() else None
            target = getattr(row.form, sub, None) if row is not None else None
        else:
            target = getattr(form, name.split("[")[0], None)
        if target is not None and name != "items":
            target.errors = list(target.errors) + [message]
        else:
            form.form_errors.append(message)


@bp.route("/actions")
@permission_required("perform_actions")
@location_required
def actions():
    """The five kinds of action, and my recent actions at this store with their status."""
    mine = db.session.scalars(select(Action).join(Action.delivery).options(
        contains_eager(Action.delivery)).where(
        Action.location_id == g.location.id, Action.performed_by_id == current_user.id
    ).order_by(Action.performed_at.desc(), Action.id.desc()).limit(RECENT)).all()
    return render_template("reporting/actions.html", kinds=KIND_LABELS, mine=mine,
                           status_labels=STATUS_LABELS)


@bp.route("/actions/new/<kind>", methods=["GET", "POST"])
@permission_required("perform_actions")
@location_required
def new_action(kind):
    """Record one action of a kind, performed by me at the selected store."""
    if kind not in KINDS:
        abort(404)
    form, note = FORMS[kind](), None
    if counter.editing():
        form, note = counter.edit(FORMS[kind], form, kind, g.location)
    elif form.is_submitted() and hasattr(form, "items") and not form.items.entries:
        form.validate()
        form.form_errors.append(NOTHING_TO_RECORD)
    elif form.validate_on_submit() and counter.within_stock(form, kind, g.location):
        done = _record(form, kind)
        if done is not None:
            return done
    if kind == "refund":
        sale_search.offer(form, g.location)
    return render_template("reporting/new_action.html", form=form, kind=kind,
                           label=KIND_LABELS[kind], lines=counter.lines(form, kind, g.location),
                           total=counter.total(form), stock=inventory.snapshot_of(g.location),
                           note=note)


def _record(form, kind):
    """Record the action; a redirect to my actions, or None with the problems on the form."""
    try:
        action = intake.record(g.location, current_user, kind=kind,
                               external_id=form.external_id.data, data=form.action_data(),
                               source="page")
    except Invalid as invalid:
        show_field_errors(form, invalid.fields)
        return None
    except intake.Duplicate as duplicate:
        flash(f"{KIND_LABELS[kind]} {duplicate.action.external_id} was already recorded.", "info")
    else:
        flash(f"{KIND_LABELS[kind]} {action.external_id} recorded; it is being reported "
              "to BioTrack.", "success")
    return redirect(url_for("reporting.actions"))
