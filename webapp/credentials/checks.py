"""Checking linked credentials against BioTrack, and marking those that stopped working."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from webapp import audit
from webapp.biotrack import (RECOVERABLE_CODES, USER_INACTIVE, BioTrackError, Credentials,
                             InvalidCredentials)
from webapp.biotrack.app import get_client
from webapp.biotrack_messages import plain
from webapp.config import CREDENTIAL_CHECK_INTERVAL
from webapp.credentials import alerts
from webapp.extensions import db
from webapp.models import utcnow
from webapp.models.credentials import INVALID, VALID, LinkedCredential

# Refusals that can end without the owner doing anything are tried again by the nightly check
# (webapp.biotrack says which). A wrong password is not retried: it stays wrong, and repeated
# failed sign-ins can lock an account.
RECHECK_CODES = tuple(sorted(RECOVERABLE_CODES))


@dataclass(frozen=True)
class Verification:
    """What a check found: "valid", "invalid" (BioTrack refused) or "unchecked" (no answer)."""

    outcome: str
    message: str


def verify(credential: LinkedCredential, now: datetime | None = None) -> Verification:
    """Log in with the credential afresh and record the result; the caller commits.

    BioTrack unreachable (or any answer that is not a verdict) leaves the status as it is.
    """
    if not credential.is_live:
        raise ValueError("a removed credential cannot be verified")
    now = now or utcnow()
    creds = Credentials(ubi=credential.ubi, license=credential.license,
                        username=credential.username, password=credential.password)
    try:
        get_client().whoami(creds, fresh=True)
    except InvalidCredentials as error:
        mark_invalid(credential, error.code, error.message, now=now)
        credential.checked_at = now
        return Verification(INVALID, error.message)
    except BioTrackError as error:
        return Verification("unchecked", plain(error))
    if credential.status != VALID:
        audit.record("credential.valid_again", organization_id=credential.organization_id,
                     target=credential, biotrack_username=credential.username,
                     summary=f"Linked BioTrack user {credential.username} works again")
    credential.status = VALID
    credential.invalid_code = credential.invalid_reason = credential.invalid_at = None
    credential.last_verified_at = credential.checked_at = now
    return Verification(VALID, "BioTrack accepted these credentials.")


def mark_invalid(credential: LinkedCredential, code: str, message: str, *,
                 now: datetime | None = None) -> None:
    """Record that BioTrack refused the credential (with its reason); the caller commits.

    A new refusal queues the owner's and the store admins' e-mails (in the caller's
    transaction); the owner also sees a banner until they fix it.
    """
    unchanged = credential.status == INVALID and credential.invalid_code == code
    credential.status = INVALID
    credential.invalid_code = (code or "refused")[:40]
    credential.invalid_reason = (message or "BioTrack refused these credentials.")[:300]
    if not unchanged:
        credential.invalid_at = now or utcnow()
        audit.record("credential.invalid", organization_id=credential.organization_id,
                     target=credential, biotrack_username=credential.username,
                     summary=f"Linked BioTrack user {credential.username} refused: "
                             f"{credential.invalid_reason}",
                     details={"license": credential.license, "code": credential.invalid_code})
        alerts.credential_stopped(credential)


def credentials_to_verify(now: datetime | None = None, *,
                          interval=CREDENTIAL_CHECK_INTERVAL) -> list[LinkedCredential]:
    """Credentials due for the nightly check, oldest check first.

    Valid ones, and those refused for a reason that may have passed (RECHECK_CODES), that
    were not checked within the interval.
    """
    due = (LinkedCredential.checked_at.is_(None)
           | (LinkedCredential.checked_at <= (now or utcnow()) - interval))
    return list(db.session.scalars(select(LinkedCredential).where(due, or_(
        LinkedCredential.status == VALID,
        and_(LinkedCredential.status == INVALID,
             LinkedCredential.invalid_code.in_(RECHECK_CODES)))).order_by(
        LinkedCredential.checked_at.is_not(None), LinkedCredential.checked_at,
        LinkedCredential.id)))


def _linked_to(organization_id: int, username: str, *statuses) -> list[LinkedCredential]:
    """The organization's credentials of one BioTrack user, in the given states."""
    return list(db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.organization_id == organization_id,
        func.lower(LinkedCredential.username) == username.lower(),
        LinkedCredential.status.in_(statuses))))


def biotrack_user_deactivated(organization_id: int, username: str, by: str) -> int:
    """An admin deactivated this BioTrack user here: its links stop working now, and their
    owners are told at once (not at the next report or nightly check). The caller commits."""
    rows = _linked_to(organization_id, username, VALID)
    for credential in rows:
        mark_invalid(credential, USER_INACTIVE, f"{by} deactivated the BioTrack user "
                                                  f"{credential.username} in BioTrack Users.")
    return len(rows)


def biotrack_user_reactivated(organization_id: int, username: str) -> int:
    """Check again, now, the links refused because this BioTrack user was inactive."""
    rows = [c for c in _linked_to(organization_id, username, INVALID)
            if c.invalid_code in RECHECK_CODES]
    return sum(verify(credential).outcome == VALID for credential in rows)
