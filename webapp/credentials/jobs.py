"""The nightly check of every linked credential; owners of refused ones are told."""

from flask import current_app

from webapp.credentials.checks import credentials_to_verify, verify
from webapp.extensions import db
from webapp.mail import queue_email
from webapp.models.credentials import INVALID
from webapp.scheduler import scheduled_job

FIX_PATH = "/account/credentials/{}"  # Manage Account's page for that credential


@scheduled_job("credential-check", trigger="cron", hour=3, minute=15)
def verify_linked_credentials(now):
    """Sign in with each credential due for a check; e-mail the owner when one is refused."""
    counts = {"checked": 0, "valid": 0, "invalid": 0, "unchecked": 0}
    for credential in credentials_to_verify(now):
        was = credential.status
        result = verify(credential, now)
        counts["checked"] += 1
        counts[result.outcome] += 1
        if result.outcome == INVALID and was != INVALID:
            _tell_owner(credential)
        db.session.commit()  # one credential at a time: a crash keeps the work done so far
    return counts


def _tell_owner(credential) -> None:
    """Queue the owner's e-mail (once per refusal)."""
    base = (current_app.config.get("APP_BASE_URL") or "").rstrip("/")
    path = FIX_PATH.format(credential.id)
    queue_email(to=[credential.user.email],
                subject=f"Your BioTrack credentials for {credential.license} stopped working",
                template="credential_invalid",
                context={"name": credential.user.name, "license": credential.license,
                         "username": credential.username, "reason": credential.invalid_reason,
                         "fix_url": base + path},
                dedupe_key=f"credential-invalid:{credential.id}:{credential.invalid_at:%Y%m%d%H%M%S}",
                organization_id=credential.organization_id)
