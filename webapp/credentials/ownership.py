"""Whose BioTrack account a user may link: the one place the rule is enforced.

A linked BioTrack account speaks for one person to the regulator. A user may link a BioTrack
username that is their own TraceBridge e-mail (compared without case), or one that an admin
with `manage_biotrack_users` has assigned to them in BioTrack Users ("belongs to", audited).
Nobody links for someone else, admins included; one BioTrack user belongs to at most one
employee of the organization.
"""
from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.extensions import db
from webapp.models import User, utcnow
from webapp.models.credentials import LIVE_STATES, REMOVED, BioTrackOwner, LinkedCredential
from webapp.validation import FieldError

NOT_YOURS = ("{username} is not your BioTrack account: you can link a BioTrack user whose "
             "username is your own e-mail ({email}), or one an admin has assigned to you. Ask an "
             "admin to assign it to you in BioTrack Users.")


def owner_of(organization_id: int, username: str) -> BioTrackOwner | None:
    """The employee an admin assigned this BioTrack user to, if any."""
    return db.session.scalar(select(BioTrackOwner).where(
        BioTrackOwner.organization_id == organization_id,
        BioTrackOwner.username == username.strip().lower()))


def may_link(user: User, username: str) -> bool:
    """Whether this BioTrack username is the user's own (their e-mail, or assigned to them)."""
    name = (username or "").strip().lower()
    return bool(name) and _owns(user, name, owner_of(user.organization_id, name))


def _owns(user: User, name: str, owner: BioTrackOwner | None) -> bool:
    """The rule itself: an admin's assignment decides; without one, the user's own e-mail."""
    return owner.user_id == user.id if owner is not None else name == user.email.lower()


def check_may_link(user: User, username: str) -> None:
    """Refuse, on the Username field, a BioTrack account that is not the user's own."""
    if not may_link(user, username):
        raise FieldError("username", NOT_YOURS.format(username=username.strip(),
                                                      email=user.email))


def assign(actor: User, username: str, employee: User) -> BioTrackOwner:
    """Record that the BioTrack user belongs to the employee; audited. Raises FieldError."""
    name = username.strip().lower()
    if employee.organization_id != actor.organization_id or not employee.active:
        raise FieldError("user_id", "Choose an active employee of your organization.")
    email_owner = db.session.scalar(select(User).where(
        User.organization_id == actor.organization_id, func.lower(User.email) == name))
    if email_owner is not None and email_owner.id != employee.id:
        raise FieldError("user_id", f"{username} is the e-mail of {email_owner.name}: that "
                                    "BioTrack user can only belong to them.")
    current = owner_of(actor.organization_id, name)
    if current is not None and current.user_id != employee.id:
        raise FieldError("user_id", f"{username} already belongs to {current.user.name}. "
                                    "Remove that first.")
    if current is None:
        current = BioTrackOwner(organization_id=actor.organization_id, username=name,
                                user_id=employee.id, assigned_by_id=actor.id)
        db.session.add(current)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise FieldError("user_id", f"{username} was just assigned by someone else; "
                                        "reload the page.") from None
    audit.record("biotrack_user.owner_assigned", actor=actor, target=current,
                 summary=f"BioTrack user {name} assigned to {employee.name}",
                 details={"username": name, "user": employee.email}, biotrack_username=name)
    db.session.commit()
    return current


def unassign(actor: User, username: str) -> bool:
    """Remove an assignment (existing links stay; they show on Onboarding to confirm)."""
    current = owner_of(actor.organization_id, username)
    if current is None:
        return False
    audit.record("biotrack_user.owner_removed", actor=actor, target=current,
                 summary=f"BioTrack user {current.username} no longer assigned to "
                         f"{current.user.name}", biotrack_username=current.username,
                 details={"username": current.username, "user": current.user.email})
    db.session.delete(current)
    db.session.commit()
    return True


def links_breaking_rule(organization_id: int, license_: str) -> list[LinkedCredential]:
    """Live links of a license whose BioTrack user is not their owner's own (to review)."""
    # One statement: each link with its owner and the assignment of its username, if any.
    rows = db.session.execute(select(LinkedCredential, BioTrackOwner).join(
        LinkedCredential.user).outerjoin(BioTrackOwner, and_(
            BioTrackOwner.organization_id == LinkedCredential.organization_id,
            BioTrackOwner.username == func.lower(LinkedCredential.username))).options(
        contains_eager(LinkedCredential.user)).where(
        LinkedCredential.organization_id == organization_id, LinkedCredential.license == license_,
        LinkedCredential.status.in_(LIVE_STATES)).order_by(LinkedCredential.id))
    return [link for link, owner in rows
            if not _owns(link.user, link.username.strip().lower(), owner)]


def remove_link(actor: User, credential: LinkedCredential) -> None:
    """An admin removes a link that breaks the rule: kept as history, without its password."""
    credential.status = REMOVED
    credential.password = None
    credential.removed_at = utcnow()
    audit.record("credential.removed_by_admin", actor=actor, target=credential,
                 summary=f"{actor.name} removed {credential.user.name}'s link to BioTrack user "
                         f"{credential.username} ({credential.license}): not their own account",
                 details={"license": credential.license, "owner": credential.user.email},
                 biotrack_username=credential.username)
    db.session.commit()


def belongs_to(organization_id: int, username: str) -> tuple[User | None, str | None]:
    """(employee, "assigned" | "e-mail") this BioTrack user belongs to, or (None, None)."""
    owner = owner_of(organization_id, username)
    if owner is not None:
        return owner.user, "assigned"
    by_email = db.session.scalar(select(User).where(
        User.organization_id == organization_id,
        func.lower(User.email) == username.strip().lower()))
    return (by_email, "e-mail") if by_email is not None else (None, None)
