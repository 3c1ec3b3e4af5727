"""Telling people at once when a linked BioTrack credential stops working.

The owner gets one e-mail (naming the store, how many of their actions wait, and a link to the
form that fixes it); the store's admins get one per store and cause. Both are de-duplicated on
the refusal itself, so later reports refused for the same reason send nothing more.
"""
from sqlalchemy import func, select

from webapp.credentials.lookups import location_of
from webapp.extensions import db
from webapp.links import external_url
from webapp.mail import queue_email
from webapp.models import Action, Delivery
from webapp.models.credentials import LinkedCredential
from webapp.models.reporting import DELIVERED, FAILED
from webapp.config_page.notifications.recipients import recipients_for


def waiting_actions(user_id: int, location_id: int) -> int:
    """The user's actions at the store that BioTrack has not recorded yet (nor refused)."""
    return db.session.scalar(select(func.count(Delivery.id)).join(Action).where(
        Action.performed_by_id == user_id, Delivery.location_id == location_id,
        Delivery.status.not_in((DELIVERED, FAILED)))) or 0


def credential_stopped(credential: LinkedCredential) -> None:
    """Queue the owner's and the store admins' e-mails about a credential just refused."""
    location = location_of(credential)
    if location is None:
        return
    stamp = f"{credential.id}:{credential.invalid_at:%Y%m%d%H%M%S}"
    context = {"name": credential.user.name, "employee": credential.user.name,
               "employee_email": credential.user.email, "location": location.name,
               "organization": location.organization.name, "license": credential.license,
               "username": credential.username, "reason": credential.invalid_reason,
               "waiting": waiting_actions(credential.user_id, location.id),
               "fix_url": external_url("account.edit_credential", credential_id=credential.id),
               "log_url": external_url("delivery_log.log", status="needs_attention")}
    queue_email(to=[credential.user.email],
                subject=f"Your BioTrack account stopped working at {location.name}",
                template="credential_invalid", context=context,
                dedupe_key=f"credential-invalid:{stamp}",
                organization_id=credential.organization_id, location_id=location.id)
    admins = [a for a in recipients_for([location.id]).get(location.id, [])
              if a.lower() != credential.user.email.lower()]
    if admins:
        queue_email(to=admins,
                    subject=f"{credential.user.name}'s BioTrack account stopped working at "
                            f"{location.name}",
                    template="credential_invalid_admins", context=context,
                    dedupe_key=f"credential-invalid-admins:{location.id}:{stamp}",
                    organization_id=credential.organization_id, location_id=location.id)
