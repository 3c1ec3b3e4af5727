"""Operator actions on the outbox."""
from sqlalchemy import update

from webapp import audit
from webapp.extensions import db
from webapp.models import OutboxMessage, User, utcnow
from webapp.models.mail import FAILED, QUEUED


def retry(message: OutboxMessage, actor: User) -> bool:
    """Queue a failed message again with a fresh set of attempts; False if it was not failed."""
    changed = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id,
                                    OutboxMessage.status == FAILED)
        .values(status=QUEUED, attempts=0, next_attempt_at=utcnow(), claim_token=None),
        execution_options={"synchronize_session": False}).rowcount
    if changed:
        audit.record("mail.retried", actor=actor, location_id=message.location_id,
                     target=message, summary=f"E-mail “{message.subject}” to "
                                             f"{message.recipient} queued again",
                     details={"last_error": message.last_error})
    db.session.commit()
    return bool(changed)
