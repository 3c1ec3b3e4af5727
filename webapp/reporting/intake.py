"""Recording an action and its delivery record in one transaction (the outbox)."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.extensions import db
from webapp.models import Action, Delivery, Location, User, utcnow
from webapp.action_kinds import Invalid, normalise


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


def find_performer(location: Location, email) -> User:
    """The employee named by the point of sale: of this organization and store, allowed to act."""
    if not isinstance(email, str) or not email.strip():
        raise Invalid({"performed_by": "Give the e-mail of the employee who did this."})
    user = db.session.scalar(select(User).where(
        func.lower(User.email) == email.strip().lower(),
        User.organization_id == location.organization_id))
    if user is None or not user.active:
        raise Invalid({"performed_by": "No active TraceBridge user of this organization has "
                                       "this e-mail."})
    if not user.can_access(location) or not user.can("perform_actions"):
        raise Invalid({"performed_by": f"{user.email} may not perform actions at "
                                       f"{location.name}."})
    return user


def existing(location: Location, external_id: str) -> Action | None:
    """The action already recorded under this point-of-sale id, if any."""
    return db.session.scalar(select(Action).where(Action.location_id == location.id,
                                                  Action.external_id == external_id))


def record(location: Location, performer: User, *, kind: str, external_id: str, data,
           performed_at=None, source: str = "api") -> Action:
    """Validate and store the action with its queued delivery; Invalid or Duplicate otherwise."""
    clean = normalise(kind, data)
    depends_on = None
    if kind == "refund":
        sale = existing(location, clean["sale_external_id"])
        if sale is None or sale.kind != "sale":
            raise Invalid({"data.sale_external_id": "No sale with this id was recorded at "
                                                    f"{location.name}."})
        depends_on = sale.delivery
    now = utcnow()
    given, performed_at = performed_at, performed_at or now
    action = Action(organization_id=location.organization_id, location_id=location.id,
                    kind=kind, external_id=external_id, performed_by_id=performer.id,
                    performed_at=performed_at, data=clean, source=source, created_at=now)
    action.delivery = Delivery(organization_id=location.organization_id,
                               location_id=location.id, depends_on=depends_on,
                               next_attempt_at=now, performed_at=performed_at,
                               performed_by_id=performer.id)
    db.session.add(action)
    try:
        db.session.flush()
    except IntegrityError:
        # The point-of-sale id is taken (a resend, or two at once): the first one stands.
        db.session.rollback()
        before = existing(location, external_id)
        # A resend without a time is compared on what it gives, not on our clock.
        raise Duplicate(before, differences(before, kind, clean, performer, given)) from None
    audit.record(f"action.{kind}", organization_id=location.organization_id,
                 location_id=location.id, actor=performer, target=action,
                 summary=f"{kind.replace('_', ' ').capitalize()} {external_id} recorded "
                         f"({source})", details={"external_id": external_id})
    _commit_keeping(db.session())
    return action


def _commit_keeping(session) -> None:
    """Commit without expiring what was just written: every value of the new action and its
    delivery is known here, and reading them back would cost the answer a query each."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
