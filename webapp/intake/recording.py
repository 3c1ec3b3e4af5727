"""Recording an action and its delivery record in one transaction (the outbox)."""
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from webapp import audit
from webapp.extensions import db
from webapp.models import Action, Delivery, Location, User, utcnow
from webapp.models.reporting import QUEUED
from webapp.action_kinds import Invalid, normalise
from webapp.intake.schemas import email_or_none


class Duplicate(Exception):
    """The external id is already used at this store: the existing action, and what differs."""

    def __init__(self, action: Action, differs: list[str]):
        super().__init__(action.external_id)
        self.action, self.differs = action, differs


def _flat(value, path="") -> dict:
    """{'data.items[0].price': '20.5', ...} of nested data."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items()
                for k, v in _flat(item, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value)
                for k, v in _flat(item, f"{path}[{i}]").items()}
    return {path: value}


def differences(action: Action, kind: str, data: dict, performer: User,
                performed_at=None) -> list[str]:
    """The fields in which a resend differs from the recorded action (none: the same action)."""
    if action.kind != kind:
        return ["kind"]
    differs = [] if action.performed_by_id == performer.id else ["performed_by"]
    if performed_at is not None and performed_at != action.performed_at:
        differs.append("performed_at")
    before, after = _flat(normalise(kind, action.data), "data"), _flat(data, "data")
    return differs + sorted(k for k in before.keys() | after.keys()
                            if before.get(k) != after.get(k))


class Performer(NamedTuple):
    """The employee a point of sale names, as recording needs them."""

    id: int
    email: str
    organization_id: int


def with_performer(query):
    """A store token's statement (`query`, joined to its Location) that also reads the employee
    named by :email in its row: of the token's organization, whether they are active, work at
    the token's store and may act. Recording is the API's hot path: one statement, not two.
    """
    return query.add_columns(
        User.id.label("performer_id"), User.email.label("performer_email"),
        User.active.label("performer_active"), User.works_at_sql(Location).label("works_here"),
        User.may_sql("perform_actions").label("may_act"),
    ).outerjoin(User, and_(func.lower(User.email) == bindparam("email"),
                           User.organization_id == Location.organization_id))


def performer_email(given) -> str | None:
    """The :email to look the employee up by: None (matching nobody) unless it is one. It is
    read before the body is checked (with the token), and PostgreSQL cannot even compare a NUL."""
    email = email_or_none(given)
    return email.lower() if email else None


def performer_of(row, location, given) -> Performer:
    """The employee read by with_performer() for `given`, if they may act at the store;
    Invalid otherwise."""
    if performer_email(given) is None:
        raise Invalid({"performed_by": "Give the e-mail of the employee who did this."})
    if row.performer_id is None or not row.performer_active:
        raise Invalid({"performed_by": "No active TraceBridge user of this organization has "
                                       "this e-mail."})
    if not row.works_here or not row.may_act:
        raise Invalid({"performed_by": f"{row.performer_email} may not perform actions at "
                                       f"{location.name}."})
    return Performer(row.performer_id, row.performer_email, location.organization_id)


def existing(location: Location, external_id: str) -> Action | None:
    """The action already recorded under this point-of-sale id, if any."""
    return db.session.scalar(select(Action).where(Action.location_id == location.id,
                                                  Action.external_id == external_id))


def _refunded_sale(location, clean: dict, connection) -> int:
    """The delivery a refund waits for: its sale's, which must be recorded at this store."""
    sale = connection.execute(select(Action.kind, Delivery.id).join(
        Delivery, Delivery.action_id == Action.id).where(
        Action.location_id == location.id,
        Action.external_id == clean["sale_external_id"])).first()
    if sale is None or sale.kind != "sale":
        raise Invalid({"data.sale_external_id": "No sale with this id was recorded at "
                                                f"{location.name}."})
    return sale.id


class Written(NamedTuple):
    """A recorded action and its queued delivery, as the columns written."""

    action: dict
    delivery: dict


def record(location, performer, *, kind: str, external_id: str, data, performed_at=None,
           source: str = "api") -> Action:
    """Validate and store the action with its queued delivery; Invalid or Duplicate otherwise.

    The returned action and its delivery join the session as if just loaded (no read).
    """
    written = write(location, performer, kind=kind, external_id=external_id, data=data,
                    performed_at=performed_at, source=source)
    action, delivery = Action(**written.action), Delivery(**written.delivery)
    for row in (action, delivery):
        make_transient_to_detached(row)
        db.session.add(row)
    set_committed_value(action, "delivery", delivery)
    set_committed_value(delivery, "action", action)
    return action


def write(location, performer, *, kind: str, external_id: str, data, performed_at=None,
          source: str = "api", connection=None) -> Written:
    """What record() does, returning the columns written instead of objects (the API's path).

    `location` and `performer` are the store and the user, or rows with their ids,
    organization and name. Three INSERTs and a commit, no unit-of-work flush: this runs for
    every sale a point of sale posts. On `connection` when given (committed there), else in
    the session.
    """
    clean = normalise(kind, data)
    committer = connection or db.session  # what commits or rolls back: the given one, or ours
    now, connection = utcnow(), connection or db.session.connection()
    depends_on_id = _refunded_sale(location, clean, connection) if kind == "refund" else None
    given, performed_at = performed_at, performed_at or now
    action = dict(organization_id=location.organization_id, location_id=location.id, kind=kind,
                  external_id=external_id, performed_by_id=performer.id,
                  performed_at=performed_at, data=clean, source=source, created_at=now)
    try:
        action["id"] = connection.execute(_insert_action, action).inserted_primary_key[0]
    except IntegrityError:
        # The point-of-sale id is taken (a resend, or two at once): the first one stands.
        committer.rollback()
        before = existing(location, external_id)
        # A resend without a time is compared on what it gives, not on our clock.
        raise Duplicate(before, differences(before, kind, clean, performer, given)) from None
    delivery = dict(
        action_id=action["id"], organization_id=location.organization_id,
        location_id=location.id, depends_on_id=depends_on_id, performed_at=performed_at,
        performed_by_id=performer.id, status=QUEUED, next_attempt_at=now, attempts=0,
        revision=1, send_as_default=False, updated_at=now)
    delivery = _UNSET | delivery | {
        "id": connection.execute(_insert_delivery, delivery).inserted_primary_key[0]}
    _audit_recorded(action, performer, connection)
    committer.commit()
    return Written(action, delivery)


def _audit_recorded(action: dict, performer, connection) -> None:
    """The audit event of an action just written (its columns), in the same transaction."""
    kind, external_id = action["kind"], action["external_id"]
    audit.write(f"action.{kind}", organization_id=action["organization_id"],
                location_id=action["location_id"], actor=performer, target_type="Action",
                target_id=action["id"],
                summary=f"{kind.replace('_', ' ').capitalize()} {external_id} recorded "
                        f"({action['source']})", details={"external_id": external_id},
                connection=connection)


# The new ids come back as the driver gives them (SQLite's lastrowid, PostgreSQL's RETURNING).
_insert_action = insert(Action.__table__)
_insert_delivery = insert(Delivery.__table__)
_UNSET = dict.fromkeys(Delivery.__table__.columns.keys())  # a new delivery's empty columns
