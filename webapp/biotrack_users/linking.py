"""Which TraceBridge users linked which BioTrack accounts, and who still has to."""
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.biotrack import BioTrackError
from webapp.credentials.ownership import owner_of
from webapp.extensions import db
from webapp.models import Location, User
from webapp.models.credentials import LIVE_STATES, VALID, BioTrackOwner, LinkedCredential

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
    # The BioTrack user that is already theirs (their e-mail, or assigned), if one exists.
    biotrack_username: str | None = None


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


def with_existing_accounts(rows: list[OnboardingRow], exists) -> tuple[list[OnboardingRow], bool]:
    """The rows with the BioTrack user each employee already has (by assignment or e-mail).

    `exists(username)` asks BioTrack; returns (rows, whether BioTrack answered every question).
    Once BioTrack fails, it is not asked again for the other rows (each would wait as long).
    """
    assigned = {o.user_id: o.username for o in db.session.scalars(select(BioTrackOwner).where(
        BioTrackOwner.user_id.in_([r.user.id for r in rows])))} if rows else {}
    checked, found = True, []
    for row in rows:
        name = assigned.get(row.user.id)
        if name is None and row.credential is None and checked:
            claimed = owner_of(row.user.organization_id, row.user.email)
            if claimed is None or claimed.user_id == row.user.id:
                try:
                    name = row.user.email if exists(row.user.email) else None
                except BioTrackError:
                    checked = False
        found.append(OnboardingRow(row.user, row.credential, name))
    return found, checked
