"""Trips to BioTrack's consent screen: starting one, and finishing it at our callback."""
import hashlib
import logging
import secrets


from sqlalchemy import select, update

from webapp import audit
from webapp.biotrack import AuthorizationInvalid, BioTrackError, Unavailable, ValidationFailed
from webapp.biotrack.app import get_client
from webapp.config import CONSENT_TIMEOUT
from webapp.extensions import db
from webapp.config_page.integration.authorizations import grant_of
from webapp.links import external_url
from webapp.models import Authorization, ConsentRequest, User, utcnow
from webapp.models.integration import ACTIVE, FAILED, PENDING

log = logging.getLogger(__name__)
REGISTER, RENEW = "register", "renew"


class CallbackRefused(Exception):
    """The callback cannot be honoured; the message says why, for the person in that tab."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def _digest(state: str) -> str:
    """States are bearer secrets: only their hash is stored."""
    return hashlib.sha256(state.encode()).hexdigest()


def redirect_uri() -> str:
    """Our callback as BioTrack must see it (registered with our integrator client)."""
    return external_url("integration.callback")


def start(auth: Authorization, purpose: str, actor: User, now=None) -> ConsentRequest:
    """Create a consent request (state + PKCE verifier) for the authorization."""
    now = now or utcnow()
    state = secrets.token_urlsafe(32)
    verifier = get_client().new_code_verifier()
    url = get_client().consent_url(ubi=auth.ubi, license=auth.license, redirect_uri=redirect_uri(),
                                   state=state, code_verifier=verifier)
    request = ConsentRequest(authorization=auth, location_id=auth.location_id, purpose=purpose,
                             state_hash=_digest(state), code_verifier=verifier, consent_url=url,
                             started_by_id=actor.id, created_at=now,
                             expires_at=now + CONSENT_TIMEOUT)
    db.session.add(request)
    return request


TIMED_OUT = ("The consent screen was not completed within "
             f"{int(CONSENT_TIMEOUT.total_seconds() // 60)} minutes. Start again.")


def _newest_pending(auth: Authorization) -> ConsentRequest | None:
    return db.session.scalar(select(ConsentRequest).where(
        ConsentRequest.authorization_id == auth.id, ConsentRequest.status == "pending"
    ).order_by(ConsentRequest.created_at.desc()))


def waiting_request(auth: Authorization, now=None) -> tuple[ConsentRequest | None, bool]:
    """The newest unfinished request, and whether its time ran out without it being recorded
    as expired yet (one read: nothing is written)."""
    request = _newest_pending(auth)
    return request, request is not None and request.expires_at <= (now or utcnow())


def pending_request(auth: Authorization, now=None) -> ConsentRequest | None:
    """The consent request still open for this authorization (a read: nothing is written)."""
    request, timed_out = waiting_request(auth, now)
    return None if timed_out else request


def expire_timed_out(now=None, *, auth: Authorization | None = None) -> int:
    """Record every timed-out request as expired (a first registration then fails); commits.

    Run by the `consent-timeouts` job, and by the actions that start or cancel a request.
    """
    query = select(ConsentRequest).where(ConsentRequest.status == "pending",
                                         ConsentRequest.expires_at <= (now or utcnow()))
    if auth is not None:
        query = query.where(ConsentRequest.authorization_id == auth.id)
    requests = db.session.scalars(query).all()
    for request in requests:
        _fail(request, TIMED_OUT, status="expired")
    db.session.commit()
    return len(requests)


def last_finished_request(auth: Authorization) -> ConsentRequest | None:
    """The most recent consent request that ended, for its outcome message."""
    return db.session.scalar(select(ConsentRequest).where(
        ConsentRequest.authorization_id == auth.id, ConsentRequest.status != "pending"
    ).order_by(ConsentRequest.created_at.desc()))


def _fail(request: ConsentRequest, message: str, status: str = "failed") -> None:
    """End a request unsuccessfully; a first registration then fails with it."""
    request.status, request.message, request.finished_at = status, message[:300], utcnow()
    auth = request.authorization
    if request.purpose == REGISTER and auth.state == PENDING:
        auth.state, auth.last_error = FAILED, message
    audit.record("integration.consent_failed", organization_id=auth.organization_id,
                 location_id=auth.location_id, target=auth, summary=message[:300],
                 details={"purpose": request.purpose, "status": status},
                 biotrack_username=auth.username)


def finish(state: str | None, *, code: str | None, error: str | None, user: User) -> ConsentRequest:
    """Handle BioTrack's redirect: check the state, exchange the code, store the grant."""
    if not state:
        raise CallbackRefused("BioTrack sent no state with this answer; it cannot be matched to "
                              "a request. Start again from Config Page > Integration.")
    request = db.session.scalar(select(ConsentRequest).where(
        ConsentRequest.state_hash == _digest(state)))
    if request is None:
        raise CallbackRefused("This authorization answer does not match any request we made. "
                              "Start again from Config Page > Integration.")
    location = request.authorization.location
    if location.organization_id != user.organization_id or not user.can_access(location) \
            or not user.can("config_page"):
        raise CallbackRefused("This authorization belongs to a store you do not manage.", 403)
    if request.status != "pending":
        raise CallbackRefused("This authorization answer was already used "
                              f"({request.status}). Nothing was changed.", 409)
    if request.expires_at <= utcnow():
        _fail(request, "The consent screen was not completed in time. Start again.", "expired")
        db.session.commit()
        raise CallbackRefused("This authorization request has expired. Start again from "
                              "Config Page > Integration.")
    # Claim the request so a double-submitted callback exchanges the code only once.
    claimed = db.session.execute(update(ConsentRequest).where(
        ConsentRequest.id == request.id, ConsentRequest.status == "pending"
    ).values(status="exchanging")).rowcount
    db.session.commit()
    if not claimed:
        raise CallbackRefused("This authorization answer was already used. Nothing was changed.",
                              409)
    db.session.refresh(request)
    if error:
        reason = "Access was denied on BioTrack's consent screen." if error == "access_denied" \
            else f"BioTrack refused the authorization ({error[:60]})."
        _fail(request, reason, "denied" if error == "access_denied" else "failed")
        db.session.commit()
        return request
    return _exchange(request, code or "")


def _exchange(request: ConsentRequest, code: str) -> ConsentRequest:
    """Trade the code for a grant; store it on the authorization."""
    auth = request.authorization
    try:
        grant = get_client().exchange_code(code=code, redirect_uri=redirect_uri(),
                                           code_verifier=request.code_verifier)
    except Unavailable as exc:
        _fail(request, f"BioTrack could not be reached to finish the authorization "
                       f"({exc.message}). Nothing was saved; start again.")
        db.session.commit()
        return request
    except (AuthorizationInvalid, ValidationFailed, BioTrackError) as exc:
        _fail(request, f"BioTrack did not confirm the authorization: {exc.message}")
        db.session.commit()
        return request
    if grant.license != auth.license or grant.ubi != auth.ubi:
        _revoke_quietly(grant)
        _fail(request, f"BioTrack granted access for license {grant.license} (UBI {grant.ubi}), "
                       f"not this store's {auth.license}. Nothing was saved.")
        db.session.commit()
        return request
    previous = grant_of(auth) if auth.grant_id else None
    auth.grant_id, auth.access_token, auth.refresh_token = (grant.grant_id, grant.access_token,
                                                            grant.refresh_token)
    auth.access_expires_at, auth.granted_at, auth.expires_at = (grant.access_expires_at,
                                                                grant.created_at, grant.expires_at)
    auth.state, auth.last_error = ACTIVE, None
    request.status, request.finished_at, request.message = "granted", utcnow(), None
    audit.record("integration.renewed" if request.purpose == RENEW else "integration.authorized",
                 organization_id=auth.organization_id, location_id=auth.location_id, target=auth,
                 summary=f"BioTrack access {'renewed' if request.purpose == RENEW else 'granted'} "
                         f"for {auth.license}, expires {grant.expires_at:%Y-%m-%d}",
                 details={"grant_id": grant.grant_id, "expires_at": grant.expires_at.isoformat()},
                 biotrack_username=auth.username)
    db.session.commit()
    if previous is not None and previous.grant_id != grant.grant_id:
        _revoke_quietly(previous)
    return request


def _revoke_quietly(grant) -> None:
    """Revoke a grant we no longer use; a failure is logged, not shown (it lapses anyway)."""
    try:
        get_client().revoke(grant)
    except BioTrackError as exc:
        log.warning("could not revoke superseded grant %s: %s", grant.grant_id, exc.code)
