"""Point of sale pages: record an action by hand, see my recent actions."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from webapp import inventory
from webapp.extensions import db
from webapp.models import Action
from webapp.models.reporting import KIND_LABELS, KINDS, STATUS_LABELS
from webapp.intake.pages import counter, sale_search
from webapp.intake import recording
from webapp.intake.pages.blueprint import bp
from webapp.intake.pages.forms import FORMS, show_field_errors
from webapp.intake.schemas import Invalid
from webapp.security import location_required, permission_required

RECENT = 25
NOTHING_TO_RECORD = "Nothing to record yet: add at least one item (scan or type its barcode)."


@bp.route("/actions")
@permission_required("perform_actions")
@location_required
def actions():
    """The five kinds of action, and my recent actions at this store with their status."""
    mine = db.session.scalars(select(Action).join(Action.delivery).options(
        contains_eager(Action.delivery)).where(
        Action.location_id == g.location.id, Action.performed_by_id == current_user.id
    ).order_by(Action.performed_at.desc(), Action.id.desc()).limit(RECENT)).all()
    return render_template("intake/actions.html", kinds=KIND_LABELS, mine=mine,
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
    return render_template("intake/new_action.html", form=form, kind=kind,
                           label=KIND_LABELS[kind], lines=counter.lines(form, kind, g.location),
                           total=counter.total(form), stock=inventory.snapshot_of(g.location),
                           note=note)


def _record(form, kind):
    """Record the action; a redirect to my actions, or None with the problems on the form."""
    try:
        action = recording.record(g.location, current_user, kind=kind,
                                  external_id=form.external_id.data, data=form.action_data(),
                                  source="page")
    except Invalid as invalid:
        show_field_errors(form, invalid.fields)
        return None
    except recording.Duplicate as duplicate:
        flash(f"{KIND_LABELS[kind]} {duplicate.action.external_id} was already recorded.", "info")
    else:
        flash(f"{KIND_LABELS[kind]} {action.external_id} recorded; it is being reported "
              "to BioTrack.", "success")
    return redirect(url_for("intake.actions"))
