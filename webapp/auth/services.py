"""Authentication rules: checking passwords, failed attempts, invitations."""
import hashlib
import logging
import secrets
from functools import lru_cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp import audit
from webapp.config import INVITATION_LIFETIME
from webapp.extensions import db
from webapp.models import User, utcnow
from webapp.models.invitation import Invitation

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash of a random password, made like real ones, checked when there is no real one."""
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def _password_matches(user: User | None, password: str) -> bool:
    """Check the password at the same cost whether or not the account exists or has one."""
    if user is None or not user.password_hash:
        check_password_hash(_decoy_hash(), password)
        return False
    return user.check_password(password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (and the failure is logged).

    Unknown e-mails cost the same as wrong passwords: timing must not tell who has an account.
    """
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if _password_matches(user, password) and user.active:
        user.last_login_at = utcnow()
        audit.record("auth.login", actor=user, target=user, summary=f"{user.email} signed in")
        db.session.commit()
        return user
    reason = "unknown e-mail" if user is None else ("deactivated" if not user.active
                                                     else "wrong password")
    log.warning("failed sign-in for %r: %s", email.strip().lower(), reason)
    audit.record("auth.login_failed", organization_id=user.organization_id if user else None,
                 actor=None, target=user, summary=f"Failed sign-in for {email.strip()[:200]}",
                 details={"reason": reason})
    db.session.commit()
    return None


def change_password(user: User, new_password: str) -> None:
    """Set a new password; every other session of the user ends."""
    user.set_password(new_password)
    audit.record("auth.password_changed", actor=user, target=user,
                 summary=f"{user.email} changed their password")
    db.session.commit()


def _digest(token: str) -> str:
    """Invitation tokens are stored hashed, like passwords."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(user: User, invited_by: User) -> str:
    """Issue a one-time link token for the user to choose a password; returns the token."""
    token = secrets.token_urlsafe(32)
    for old in user.invitations:
        old.used_at = old.used_at or utcnow()
    db.session.add(Invitation(user=user, token_hash=_digest(token), invited_by=invited_by,
                              expires_at=utcnow() + INVITATION_LIFETIME))
    return token


def find_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation for the token, if any."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _digest(token)))
    if invitation is None or invitation.used_at or invitation.expires_at < utcnow():
        return None
    if not invitation.user.active:
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> User:
    """Set the invited user's password and use the invitation up."""
    invitation.used_at = utcnow()
    invitation.user.set_password(password)
    audit.record("auth.invitation_accepted", actor=invitation.user, target=invitation.user,
                 summary=f"{invitation.user.email} accepted their invitation")
    db.session.commit()
    return invitation.user
