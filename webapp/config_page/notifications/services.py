"""Extra notification addresses of a store, and reading what was sent."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.extensions import db
from webapp.models import ExpiryWarning, Location, NotificationRecipient, OutboxMessage, User
from webapp.validation import FieldError


def extra_recipients(location: Location) -> list[NotificationRecipient]:
    """The store's extra addresses, alphabetically."""
    return list(db.session.scalars(select(NotificationRecipient).where(
        NotificationRecipient.location_id == location.id).order_by(NotificationRecipient.email)))


def add_recipient(location: Location, actor: User, email: str) -> NotificationRecipient:
    """Add an address to the store's warnings (once), audited."""
    email = email.strip()
    taken = FieldError("email", f"{email} already gets this store's notifications.")
    if db.session.scalar(select(NotificationRecipient).where(
            NotificationRecipient.location_id == location.id,
            func.lower(NotificationRecipient.email) == email.lower())):
        raise taken
    recipient = NotificationRecipient(organization_id=location.organization_id,
                                      location_id=location.id, email=email,
                                      created_by_id=actor.id)
    db.session.add(recipient)
    try:
        db.session.flush()
    except IntegrityError:  # someone added it in the same instant
        db.session.rollback()
        raise taken from None
    audit.record("notifications.recipient_added", actor=actor, location_id=location.id,
                 target=recipient, summary=f"{email} added to the notifications of "
                                           f"{location.name}")
    db.session.commit()
    return recipient


def remove_recipient(recipient: NotificationRecipient, actor: User) -> None:
    """Stop sending the store's warnings to an extra address, audited."""
    audit.record("notifications.recipient_removed", actor=actor,
                 location_id=recipient.location_id, target=recipient,
                 summary=f"{recipient.email} removed from the notifications of "
                         f"{recipient.location.name}")
    db.session.delete(recipient)
    db.session.commit()


def warnings_for(location_ids, page: int, per_page: int):
    """Warnings sent about these stores, newest first (a page of them)."""
    return db.paginate(
        select(ExpiryWarning).where(ExpiryWarning.location_id.in_(location_ids))
        .options(selectinload(ExpiryWarning.location))
        .order_by(ExpiryWarning.created_at.desc(), ExpiryWarning.id.desc()),
        page=page, per_page=per_page, error_out=False)


def delivery_of(warnings) -> dict[str, dict[str, str]]:
    """{warning message key: {recipient: outbox status}} for a page of warnings."""
    keys = [w.message_key for w in warnings]
    result = {key: {} for key in keys}
    if keys:
        for key, recipient, status in db.session.execute(
                select(OutboxMessage.group_key, OutboxMessage.recipient, OutboxMessage.status)
                .where(OutboxMessage.group_key.in_(keys))):
            result[key][recipient] = status
    return result
