"""Which TraceBridge users linked which BioTrack accounts, and who still has to."""
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Location, User
from webapp.models.credentials import LIVE_STATES, VALID, LinkedCredential

NOT_LINKED = "Not linked: their actions are reported as the default user"


def linked_by(location: Location, usernames) -> dict[str, LinkedCredential]:
    """Live credentials of the organization for the store's license, by lower-cased username."""
    names = {u.lower() for u in usernames}
    if not names or not location.biotrack_license:
        return {}
    rows = db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.organization_id == location.organization_id,
        LinkedCredential.license == location.biotrack_license,
        LinkedCredential.status.in_(LIVE_STATES),
        func.lower(LinkedCredential.username).in_(names)).order_by(LinkedCredential.id))
    return {row.username.lower(): row for row in rows}


@dataclass(frozen=True)
class OnboardingRow:
    """A TraceBridge user who acts in the store without a valid linked credential."""

    user: User
    credential: LinkedCredential | None  # an invalid one, if they linked and it broke


def not_linked(location: Location) -> list[OnboardingRow]:
    """Active users who perform actions in the store but have no valid credential for it."""
    users = db.session.scalars(select(User).where(
        User.organization_id == location.organization_id, User.active.is_(True)
    ).order_by(User.name)).all()
    actors = [u for u in users if u.can("perform_actions") and u.can_access(location)]
    creds = {c.user_id: c for c in db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.organization_id == location.organization_id,
        LinkedCredential.license == location.biotrack_license,
        LinkedCredential.status.in_(LIVE_STATES)))}
    return [OnboardingRow(u, creds.get(u.id)) for u in actors
            if u.id not in creds or creds[u.id].status != VALID]


def split_name(name: str) -> tuple[str, str]:
    """First and last name from a full name."""
    parts = name.split(maxsplit=1)
    return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else "")
