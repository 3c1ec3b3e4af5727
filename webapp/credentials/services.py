"""Adding, changing and removing a user's own linked BioTrack credentials."""
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.biotrack import BioTrackUser, Credentials, InvalidCredentials
from webapp.biotrack.app import get_client
from webapp.biotrack_messages import sign_in_refused
from webapp.extensions import db
from webapp.credentials.lookups import (linked_by_someone_else, live_credential, location_of,
                                        resolve_ubi, user_stores)
from webapp.credentials.ownership import check_may_link
from webapp.models import Location, User, utcnow
from webapp.models.credentials import BIOTRACK, REMOVED, VALID, LinkedCredential
from webapp.validation import FieldError

def sign_in(creds: Credentials) -> BioTrackUser:
    """Log in to BioTrack afresh; a refusal becomes BioTrack's reason on the matching field."""
    try:
        return get_client().whoami(creds, fresh=True)
    except InvalidCredentials as error:
        raise sign_in_refused(error, license_field="location", prefix="") from None


def _check_store(user: User, location: Location | None) -> Location:
    """A store of the user's with a BioTrack license."""
    if location is None or location not in user_stores(user):
        raise FieldError("location", "Choose the license of one of your stores.")
    return location


def add_credential(user: User, *, location: Location, username: str, password: str,
                   ubi: str | None = None, now: datetime | None = None) -> LinkedCredential:
    """Link the user's own BioTrack account for the store's license, after BioTrack accepts it.

    Raises FieldError (BioTrack's reason on the right field) or the client's BioTrackError
    (e.g. Unavailable: nothing is saved).
    """
    location = _check_store(user, location)
    # Our own rule, checked before BioTrack is asked: it depends on nothing BioTrack says.
    check_may_link(user, username)
    ubi = resolve_ubi(location, ubi)
    license_ = location.biotrack_license
    if live_credential(user.id, license_) is not None:
        raise FieldError("location", f"You already have a credential for {license_}. Update its "
                                     "password, or remove it first.")
    me = sign_in(Credentials(ubi=ubi, license=license_, username=username.strip(),
                             password=password))
    check_may_link(user, me.username)  # BioTrack's spelling of the name, too
    # Checked only after BioTrack accepted the password, so it reveals nothing to a guesser.
    if linked_by_someone_else(user, license_, me.username):
        raise FieldError("username", "Another TraceBridge user of your organization has linked "
                                     "this BioTrack account. Each person links their own.")
    now = now or utcnow()
    credential = LinkedCredential(
        organization_id=user.organization_id, user_id=user.id, provider=BIOTRACK, ubi=ubi,
        license=license_, username=me.username, password=password, status=VALID,
        last_verified_at=now, checked_at=now, created_at=now, updated_at=now)
    db.session.add(credential)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise FieldError("location", f"You already have a credential for {license_}.") from None
    _audit("credential.linked", credential, location_id=location.id,
           summary=f"{user.email} linked BioTrack user {me.username} for {license_}")
    db.session.commit()
    return credential


def update_password(credential: LinkedCredential, password: str, *,
                    now: datetime | None = None) -> LinkedCredential:
    """Store a new password once BioTrack accepts it; the credential is valid again."""
    sign_in(Credentials(ubi=credential.ubi, license=credential.license,
                        username=credential.username, password=password))
    now = now or utcnow()
    credential.password = password
    credential.status = VALID
    credential.invalid_code = credential.invalid_reason = credential.invalid_at = None
    credential.last_verified_at = credential.checked_at = now
    _audit("credential.password_updated", credential,
           summary=f"Password of linked BioTrack user {credential.username} updated")
    db.session.commit()
    return credential


def remove(credential: LinkedCredential, *, now: datetime | None = None) -> None:
    """Unlink: kept as history (status removed) without its password."""
    credential.status = REMOVED
    credential.password = None
    credential.removed_at = now or utcnow()
    _audit("credential.removed", credential,
           summary=f"Linked BioTrack user {credential.username} for {credential.license} removed")
    db.session.commit()


def request_password_reset(user: User, *, ubi: str, username: str) -> None:
    """Ask BioTrack to e-mail a password link (it never says whether the account exists)."""
    get_client().forgot_password(ubi=ubi, username=username.strip())
    audit.record("credential.password_reset_requested", actor=user,
                 summary=f"Password e-mail requested for BioTrack user {username.strip()}",
                 details={"ubi": ubi}, biotrack_username=username.strip())
    db.session.commit()


def _audit(action: str, credential: LinkedCredential, *, summary: str, location_id=None):
    """Audit its owner's change of a credential, as its BioTrack user."""
    if location_id is None:
        location = location_of(credential)
        location_id = location.id if location is not None else None
    audit.record(action, organization_id=credential.organization_id, location_id=location_id,
                 actor=credential.user, target=credential, summary=summary,
                 biotrack_username=credential.username,
                 details={"license": credential.license, "status": credential.status})
