"""Changes BioTrack users must never suffer: losing the last admin, or the integration's account."""
from webapp.biotrack import BioTrackError, BioTrackUser, LastAdmin, TargetInactive
from webapp.biotrack.app import get_client
from webapp.biotrack_users.access import StoreAccess
from webapp.validation import FieldError

MAX_PAGES = 50  # 5,000 active users: far beyond any store, and a bound on the calls
LAST_ADMIN = ("{username} is the last active BioTrack admin of UBI {ubi}. Make another user an "
              "admin first, or nobody could manage BioTrack users any more.")
INTEGRATION = ("{username} is the account the integration uses for {license}. Register other "
               "credentials on Config Page > Integration first, or reporting would stop.")


def active_admin_count(access: StoreAccess) -> int:
    """How many active admins the UBI has (reads every page of active users)."""
    count, page = 0, 1
    while page <= MAX_PAGES:
        batch = get_client().list_users(access.grant, access.admin, active=True, page=page,
                                        per_page=100)
        count += sum(1 for user in batch.items if user.is_admin)
        if page >= batch.pages:
            break
        page += 1
    return count


def check_can_lose(access: StoreAccess, user: BioTrackUser, *, field: str,
                   what: str) -> None:
    """Refuse to deactivate or demote the integration's account or the last active admin."""
    if user.is_admin and user.active and active_admin_count(access) <= 1:
        raise FieldError(field, f"Cannot {what}: " + LAST_ADMIN.format(
            username=user.username, ubi=access.ubi))
    if access.is_integration_account(user.username):
        raise FieldError(field, f"Cannot {what}: " + INTEGRATION.format(
            username=user.username, license=access.license))


def check_keeps_store_license(access: StoreAccess, username: str, licenses) -> None:
    """The integration's account must keep access to the store's license."""
    if access.is_integration_account(username) and access.license not in licenses:
        raise FieldError("licenses", f"Keep {access.license}: " + INTEGRATION.format(
            username=username, license=access.license))


def conflict_error(error: BioTrackError, username: str, access: StoreAccess,
                   field: str) -> FieldError:
    """BioTrack's own refusal (409) in our words, on the field it concerns."""
    if isinstance(error, LastAdmin):
        return FieldError(field, LAST_ADMIN.format(username=username, ubi=access.ubi))
    if isinstance(error, TargetInactive):
        return FieldError(field, f"{username} is deactivated in BioTrack; reactivate the user "
                                 "first.")
    return FieldError(field, f"BioTrack refused the change: {error.message}")
