"""BioTrack user management through the client, each change audited with the admin who made it."""
from webapp import audit, credentials
from webapp.biotrack import BioTrackUser, Conflict, NotFound, UserPage, UsernameExists
from webapp.biotrack.app import get_client
from webapp.biotrack_users.access import StoreAccess
from webapp.biotrack_users.guards import check_can_lose, check_keeps_store_license, conflict_error
from webapp.config import BIOTRACK_USERS_PER_PAGE
from webapp.extensions import db
from webapp.models import User

STATUS_FILTERS = {"active": True, "inactive": False, "all": None}


class UsernameTaken(Exception):
    """A BioTrack user with this username already exists; .user is that account."""

    def __init__(self, user: BioTrackUser):
        """Keep the existing account, for the page's way out."""
        super().__init__(f"A BioTrack user {user.username} already exists.")
        self.user = user


def list_users(access: StoreAccess, *, search: str = "", status: str = "active",
               page: int = 1) -> UserPage:
    """One page of the UBI's BioTrack users, searched and filtered."""
    return get_client().list_users(access.grant, access.admin, search=search.strip() or None,
                                   active=STATUS_FILTERS.get(status), page=max(page, 1),
                                   per_page=BIOTRACK_USERS_PER_PAGE)


def get_user(access: StoreAccess, username: str) -> BioTrackUser:
    """One BioTrack user of the UBI (NotFound if there is none)."""
    return get_client().get_user(access.grant, access.admin, username)


def existing_user(access: StoreAccess, username: str) -> BioTrackUser | None:
    """The BioTrack user with this username, if one exists."""
    try:
        return get_user(access, username)
    except NotFound:
        return None


def create_user(access: StoreAccess, actor: User, *, first_name: str, last_name: str,
                username: str, is_admin: bool, licenses: list[str], password: str | None = None,
                send_password_email: bool = False) -> BioTrackUser:
    """Create a BioTrack user, after checking the username is free (UsernameTaken if not)."""
    taken = existing_user(access, username)
    if taken is not None:
        raise UsernameTaken(taken)
    try:
        user = get_client().create_user(
            access.grant, access.admin, first_name=first_name.strip(),
            last_name=last_name.strip(), username=username, is_admin=is_admin,
            licenses=licenses, password=password if not send_password_email else None,
            send_password_email=send_password_email)
    except UsernameExists:  # created by someone else a moment ago
        raise UsernameTaken(get_user(access, username)) from None
    _audit(access, actor, "biotrack_user.created", user, f"BioTrack user {user.username} created",
           {"admin": user.is_admin, "licenses": list(user.licenses),
            "password": "e-mailed" if send_password_email else "initial password"})
    return user


def update_user(access: StoreAccess, actor: User, user: BioTrackUser, *, first_name: str,
                last_name: str, is_admin: bool, licenses: list[str]) -> BioTrackUser | None:
    """Send what changed (None if nothing did), within the guards.

    Never demotes the last admin or the integration's account, nor takes the store's license
    from the latter.
    """
    wanted = {"first_name": first_name.strip(), "last_name": last_name.strip(),
              "is_admin": bool(is_admin), "licenses": sorted(licenses)}
    current = {"first_name": user.first_name, "last_name": user.last_name,
               "is_admin": user.is_admin, "licenses": sorted(user.licenses)}
    changes = {k: v for k, v in wanted.items() if v != current[k]}
    if not changes:
        return None
    if changes.get("is_admin") is False:
        check_can_lose(access, user, field="is_admin", what="remove admin")
    if "licenses" in changes:
        check_keeps_store_license(access, user.username, changes["licenses"])
    try:
        updated = get_client().update_user(access.grant, access.admin, user.username, **changes)
    except Conflict as error:
        raise conflict_error(error, user.username, access, "is_admin") from None
    _audit(access, actor, "biotrack_user.updated", updated,
           f"BioTrack user {user.username} updated",
           {"changes": changes, "before": {k: current[k] for k in changes}})
    return updated


def set_active(access: StoreAccess, actor: User, user: BioTrackUser, active: bool) -> BioTrackUser:
    """Deactivate (never the last admin or the integration's account) or reactivate."""
    client = get_client()
    try:
        if active:
            updated = client.reactivate_user(access.grant, access.admin, user.username)
        else:
            check_can_lose(access, user, field="user", what="deactivate")
            updated = client.deactivate_user(access.grant, access.admin, user.username)
    except Conflict as error:
        raise conflict_error(error, user.username, access, "user") from None
    verb = "reactivated" if active else "deactivated"
    if active:
        credentials.biotrack_user_reactivated(actor.organization_id, user.username)
    else:
        credentials.biotrack_user_deactivated(actor.organization_id, user.username, actor.name)
    _audit(access, actor, f"biotrack_user.{verb}", updated, f"BioTrack user {user.username} {verb}")
    return updated


def send_password_reset(access: StoreAccess, actor: User, username: str) -> None:
    """Have BioTrack e-mail the user a link to choose a new password."""
    try:
        get_client().request_password_reset(access.grant, access.admin, username)
    except Conflict as error:  # the target is deactivated: about them, not our sign-in
        raise conflict_error(error, username, access, "user") from None
    _audit(access, actor, "biotrack_user.password_reset", None,
           f"Password e-mail sent to BioTrack user {username}", {"username": username})


def _audit(access, actor, action, user, summary, details=None) -> None:
    """Record the change with the admin who made it and the BioTrack account it went through."""
    details = {"username": user.username if user else None, "license": access.license,
               **(details or {})}
    audit.record(action, actor=actor, location_id=access.location.id, summary=summary,
                 details=details, biotrack_username=access.admin.username)
    db.session.commit()
