"""Reading authorizations, and turning them into what the BioTrack client takes."""
import hashlib

from sqlalchemy import and_, bindparam, select, update

from webapp.biotrack import Credentials, Grant
from webapp.extensions import db
from webapp.models.integration import (ACTIVE, CURRENT_STATES, DEACTIVATED, EXPIRED, EXPIRING,
                                       FAILED, Authorization)
from webapp.models import ConsentRequest, Location

GRANTED_STATES = (ACTIVE, EXPIRING, EXPIRED)


def current_authorization(location: Location) -> Authorization | None:
    """The store's current authorization (pending, active, expiring or expired), if any."""
    return db.session.scalar(select(Authorization).where(
        Authorization.location_id == location.id, Authorization.state.in_(CURRENT_STATES)))


def usable_authorization(location: Location) -> Authorization | None:
    """The store's authorization if BioTrack accepts it now (granted and not expired)."""
    auth = current_authorization(location)
    if auth is None or auth.state not in GRANTED_STATES or auth.effective_state() == EXPIRED:
        return None
    return auth


def history(location: Location) -> list[Authorization]:
    """Deactivated and failed authorizations of the store, newest first."""
    return list(db.session.scalars(select(Authorization).where(
        Authorization.location_id == location.id,
        Authorization.state.in_((DEACTIVATED, FAILED))).order_by(
        Authorization.registered_at.desc(), Authorization.id.desc())))


def credentials_of(auth: Authorization) -> Credentials:
    """The store's default BioTrack credentials, as the client takes them."""
    return Credentials(ubi=auth.ubi, license=auth.license, username=auth.username,
                       password=auth.password)


def grant_of(auth: Authorization) -> Grant:
    """The store's integrator grant, as the client takes it."""
    return Grant(grant_id=auth.grant_id, access_token=auth.access_token,
                 refresh_token=auth.refresh_token, access_expires_at=auth.access_expires_at,
                 created_at=auth.granted_at, expires_at=auth.expires_at, ubi=auth.ubi,
                 license=auth.license)


def save_refreshed_grant(grant: Grant) -> None:
    """Store a refreshed access token (the client's on_grant_refresh hook).

    Written on its own connection: the hook may run in the middle of someone else's
    transaction, which must neither commit early nor lose this token if it rolls back.
    """
    with db.engine.begin() as conn:
        conn.execute(update(Authorization).where(Authorization.grant_id == grant.grant_id).values(
            access_token=grant.access_token,  # EncryptedText encrypts it
            access_expires_at=grant.access_expires_at))


_auth, _consent = Authorization.__table__, ConsentRequest.__table__
# Prepared once: every pending tab runs this every two seconds.
_VERSION = select(
    _auth.c.id, _auth.c.state, _auth.c.grant_id, _auth.c.tested_at,
    _consent.c.id, _consent.c.status, _consent.c.expires_at,
).select_from(_auth.outerjoin(_consent, and_(_consent.c.authorization_id == _auth.c.id,
                                             _consent.c.status == "pending"))).where(
    _auth.c.location_id == bindparam("location_id"), _auth.c.state.in_(CURRENT_STATES))


def status_version(location_id: int, now) -> str:
    """A short fingerprint of what the section shows, from one small query.

    A polling tab sends back the fingerprint it has; while it is unchanged the poll is answered
    with an empty 204 instead of a rendered section.
    """
    row = db.session.connection().execute(_VERSION, {"location_id": location_id}).first()
    overdue = bool(row and row[6] and row[6] <= now)
    return hashlib.sha1(repr((tuple(row or ()), overdue)).encode()).hexdigest()[:16]
