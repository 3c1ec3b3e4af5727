"""Registering, renewing, testing and deactivating a store's BioTrack credentials."""
import logging

from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.biotrack import (AuthorizationInvalid, BioTrackError, Credentials, InvalidCredentials,
                             Unavailable)
from webapp.biotrack.app import get_client
from webapp.biotrack_messages import UNREACHABLE, sign_in_refused
from webapp.extensions import db
from webapp.config_page.integration import consent
from webapp.config_page.integration.authorizations import (credentials_of, current_authorization,
                                                           grant_of)
from webapp.models import Authorization, ConsentRequest, Location, User, utcnow
from webapp.models.integration import DEACTIVATED, FAILED, PENDING
from webapp.validation import FieldError

log = logging.getLogger(__name__)

def check_admin_sign_in(creds: Credentials) -> None:
    """Sign in to BioTrack as these credentials and insist on an admin; FieldError otherwise."""
    try:
        user = get_client().whoami(creds, fresh=True)
    except InvalidCredentials as exc:
        raise sign_in_refused(exc) from None
    except Unavailable as exc:
        raise FieldError("form", UNREACHABLE.format(exc.message)) from None
    except BioTrackError as exc:
        raise FieldError("form", f"BioTrack answered: {exc.message}") from None
    if not user.is_admin:
        raise FieldError("username", "This BioTrack user is not an admin. The consent screen "
                                     "needs an admin of the license.")


def register(location: Location, actor: User, *, ubi: str, license: str, username: str,
             password: str) -> ConsentRequest:
    """Check the credentials at BioTrack, then open a consent request for a new authorization."""
    if not location.biotrack_license:
        raise FieldError("license", "This store has no BioTrack license in Organization "
                                    "Management yet.")
    if license != location.biotrack_license:
        raise FieldError("license", f"This store's BioTrack license is "
                                    f"{location.biotrack_license}, not {license}.")
    current = current_authorization(location)
    if current is not None and consent.expire_timed_out(auth=current):
        current = current_authorization(location)  # its registration has just failed
    if current is not None:
        raise FieldError("form", "This store already has credentials. Deactivate them first.")
    check_admin_sign_in(Credentials(ubi=ubi, license=license, username=username,
                                    password=password))
    auth = Authorization(organization_id=location.organization_id, location_id=location.id,
                         state=PENDING, ubi=ubi, license=license, username=username,
                         password=password, registered_by_id=actor.id, registered_at=utcnow())
    db.session.add(auth)
    request = consent.start(auth, consent.REGISTER, actor)
    audit.record("integration.registered", location_id=location.id, target=auth,
                 summary=f"Credentials registered for {license}; consent screen opened",
                 biotrack_username=username)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise FieldError("form", "Someone registered credentials for this store just now. "
                                 "Reload the page.") from None
    return request


def renew(auth: Authorization, actor: User) -> ConsentRequest:
    """Open a consent request to renew the grant with the stored credentials."""
    if auth.grant_id is None:
        raise FieldError("form", "These credentials were never granted; register them again.")
    consent.expire_timed_out(auth=auth)
    if consent.pending_request(auth) is not None:
        raise FieldError("form", "A renewal is already waiting for BioTrack's consent screen.")
    try:
        check_admin_sign_in(credentials_of(auth))
    except FieldError as error:
        if error.field == "form":
            raise
        raise FieldError("form", f"{error.message} The stored credentials no longer work: "
                                 "deactivate them and register the new ones.") from None
    request = consent.start(auth, consent.RENEW, actor)
    audit.record("integration.renewal_started", location_id=auth.location_id, target=auth,
                 summary=f"Renewal of BioTrack access for {auth.license} started",
                 biotrack_username=auth.username)
    db.session.commit()
    return request


def cancel_pending(auth: Authorization, actor: User) -> None:
    """Stop waiting for the consent screen (a first registration then ends as failed)."""
    consent.expire_timed_out(auth=auth)
    request = consent.pending_request(auth)
    if request is not None:
        request.status, request.finished_at = "cancelled", utcnow()
        request.message = f"Cancelled by {actor.name}."
    if auth.state == PENDING:
        auth.state, auth.last_error = FAILED, f"Cancelled by {actor.name} before consent."
    audit.record("integration.consent_cancelled", location_id=auth.location_id, target=auth,
                 summary=f"Waiting for BioTrack consent cancelled for {auth.license}",
                 biotrack_username=auth.username)
    db.session.commit()


def deactivate(auth: Authorization, actor: User) -> str | None:
    """Deactivate the credentials and revoke the grant; returns a note if BioTrack was unreachable."""
    note = None
    if auth.grant_id:
        try:
            get_client().revoke(grant_of(auth))
        except (Unavailable, AuthorizationInvalid, BioTrackError) as exc:
            note = f"BioTrack could not confirm the revocation ({exc.message}); the grant " \
                   f"lapses on its own by {auth.expires_at:%Y-%m-%d}."
            log.warning("revocation of grant %s failed: %s", auth.grant_id, exc.code)
    for request in db.session.query(ConsentRequest).filter_by(authorization_id=auth.id,
                                                               status="pending"):
        request.status, request.finished_at = "cancelled", utcnow()
    auth.state, auth.deactivated_at, auth.deactivated_by_id = DEACTIVATED, utcnow(), actor.id
    auth.access_token = auth.refresh_token = None
    audit.record("integration.deactivated", location_id=auth.location_id, target=auth,
                 summary=f"BioTrack credentials {auth.username} deactivated for {auth.license}",
                 details={"revocation": note or "confirmed"}, biotrack_username=auth.username)
    db.session.commit()
    return note


def test_connection(auth: Authorization, actor: User) -> tuple[bool, str]:
    """Sign in with the stored credentials and use the grant once; record and return the result."""
    client = get_client()
    try:
        user = client.whoami(credentials_of(auth), fresh=True)
        client.list_users(grant_of(auth), credentials_of(auth), per_page=1)
        ok, message = True, f"Signed in to BioTrack as {user.username}; the integrator grant " \
                            f"for {auth.license} is accepted."
    except InvalidCredentials as exc:
        ok, message = False, f"BioTrack refused the stored credentials: {exc.message}"
    except AuthorizationInvalid as exc:
        ok, message = False, f"BioTrack refused the integrator grant: {exc.message} Renew it."
    except Unavailable as exc:
        ok, message = False, f"BioTrack cannot be reached right now ({exc.message})."
    except BioTrackError as exc:
        ok, message = False, f"BioTrack answered: {exc.message}"
    auth.tested_at, auth.test_ok, auth.test_message = utcnow(), ok, message[:300]
    if ok:
        auth.last_error = None  # reports paused by an earlier refusal may go again
    audit.record("integration.tested", location_id=auth.location_id, target=auth,
                 summary=("Connection test passed" if ok else "Connection test failed")
                 + f" for {auth.license}", details={"ok": ok, "message": message[:300]},
                 biotrack_username=auth.username)
    db.session.commit()
    return ok, message
