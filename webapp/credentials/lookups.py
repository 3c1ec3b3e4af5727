"""Finding linked credentials, the stores a user can link, and a store's UBI."""
from flask import abort
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.config_page.integration.authorizations import GRANTED_STATES, current_authorization
from webapp.models import Location, User
from webapp.models.credentials import LIVE_STATES, VALID, LinkedCredential
from webapp.validation import UBI_RE, FieldError


def user_stores(user: User) -> list[Location]:
    """The user's active stores that have a BioTrack license: what they can link."""
    return [loc for loc in user.locations if loc.active and loc.biotrack_license]


def store_ubi(location: Location) -> str | None:
    """The store's UBI: its granted authorization's, else the company's (Settings, step 1)."""
    auth = current_authorization(location)
    if auth is not None and auth.state in GRANTED_STATES:
        return auth.ubi
    return location.organization.biotrack_ubi or None


def resolve_ubi(location: Location, typed: str | None = None) -> str:
    """The UBI to sign in with: the store's own, else the one the user typed (9 digits)."""
    typed = (typed or "").strip() or None
    known = store_ubi(location)
    if known and typed and typed != known:
        raise FieldError("ubi", f"{location.name} uses BioTrack UBI {known}; leave the UBI "
                                "empty or enter that one.")
    ubi = known or typed
    if not ubi:
        raise FieldError("ubi", f"Enter your company's BioTrack UBI: {location.name} is not "
                                "connected to BioTrack yet, so it cannot be filled in for you.")
    if not UBI_RE.match(ubi):
        raise FieldError("ubi", "The UBI is 9 digits, like 600123456.")
    return ubi


def live_credentials(user: User) -> list[LinkedCredential]:
    """The user's valid and invalid credentials, by license."""
    return list(db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.user_id == user.id, LinkedCredential.status.in_(LIVE_STATES)
    ).order_by(LinkedCredential.license)))


def owned_credential(user: User, credential_id) -> LinkedCredential:
    """The user's own live credential by id, or 404: nobody reaches another's, admins included."""
    try:
        ident = int(credential_id)
    except (TypeError, ValueError):
        abort(404)
    credential = db.session.scalar(select(LinkedCredential).where(
        LinkedCredential.id == ident, LinkedCredential.user_id == user.id,
        LinkedCredential.organization_id == user.organization_id,
        LinkedCredential.status.in_(LIVE_STATES)))
    if credential is None:
        abort(404)
    return credential


def linked_credential(user: User, location: Location) -> LinkedCredential | None:
    """The user's VALID credential for the store's license (what delivery reports with), or None."""
    if not location.biotrack_license or location.organization_id != user.organization_id:
        return None
    return db.session.scalar(select(LinkedCredential).where(
        LinkedCredential.user_id == user.id, LinkedCredential.license == location.biotrack_license,
        LinkedCredential.status == VALID))


def location_of(credential: LinkedCredential) -> Location | None:
    """The organization's store with the credential's license (None if no store has it now)."""
    return db.session.scalar(select(Location).where(
        Location.organization_id == credential.organization_id,
        Location.biotrack_license == credential.license))


def live_credential(user_id: int, license_: str) -> LinkedCredential | None:
    """The user's live credential for a license."""
    return db.session.scalar(select(LinkedCredential).where(
        LinkedCredential.user_id == user_id, LinkedCredential.license == license_,
        LinkedCredential.status.in_(LIVE_STATES)))


def linked_by_someone_else(user: User, license_: str, username: str) -> bool:
    """Whether another user of the organization has this BioTrack account linked."""
    return db.session.scalar(select(func.count(LinkedCredential.id)).where(
        LinkedCredential.organization_id == user.organization_id,
        LinkedCredential.user_id != user.id, LinkedCredential.license == license_,
        func.lower(LinkedCredential.username) == username.lower(),
        LinkedCredential.status.in_(LIVE_STATES))) > 0
