"""Point of sale pages: record an action by hand, see my recent actions."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from webapp.extensions import db
from webapp.models import Action
from webapp.models.reporting import KIND_LABELS, KINDS, STATUS_LABELS
from webapp.navigation import nav_item
from webapp.reporting import bp, intake
from webapp.reporting.forms import FORMS
from webapp.reporting.schemas import Invalid
from webapp.security import location_required, permission_required

nav_item("Point of sale", "Record an action", "reporting.actions", "perform_actions", 10)
RECENT = 25


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
        if target is not None:
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
    form = FORMS[kind]()
    if kind == "refund":
        sales = db.session.scalars(select(Action).where(
            Action.location_id == g.location.id, Action.kind == "sale"
        ).order_by(Action.created_at.desc()).limit(100)).all()
        form.sale_external_id.choices = [("", "Choose a sale")] + [
            (s.external_id, f"{s.external_id} ({s.performed_at:%Y-%m-%d})") for s in sales]
    if form.validate_on_submit():
        try:
            action = intake.record(g.location, current_user, kind=kind,
                                   external_id=form.external_id.data, data=form.action_data(),
                                   source="page")
        except Invalid as invalid:
            show_field_errors(form, invalid.fields)
        except intake.Duplicate as duplicate:
            action = duplicate.action
            flash(f"{KIND_LABELS[kind]} {action.external_id} was already recorded.", "info")
            return redirect(url_for("reporting.actions"))
        else:
            flash(f"{KIND_LABELS[kind]} {action.external_id} recorded; it is being reported "
                  "to BioTrack.", "success")
            return redirect(url_for("reporting.actions"))
    return render_template("reporting/new_action.html", form=form, kind=kind,
                           label=KIND_LABELS[kind])
