"""BioTrack failures on the admin pages, in words that say whose move it is."""
from webapp.biotrack import BioTrackError, InvalidCredentials
from webapp.biotrack_messages import plain, show_on_form
from webapp.biotrack_users.access import StoreAccess


def failure(error: BioTrackError, access: StoreAccess) -> str:
    """A sentence for a failed call made with the integration's account."""
    if isinstance(error, InvalidCredentials) and error.status != 409:
        return (f"BioTrack refused the account the integration uses ({access.admin.username}): "
                f"{error.message} Update the credentials on Config Page > Integration.")
    return plain(error)


def show_failure(form, error: BioTrackError, access: StoreAccess) -> None:
    """BioTrack's field errors on their fields, anything else above the form."""
    if getattr(error, "fields", None):
        show_on_form(form, error)
    else:
        form.form_errors.append(failure(error, access))
