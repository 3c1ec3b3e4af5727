"""Plain words for BioTrack failures, shared by every page that calls BioTrack."""
from webapp.biotrack import (AuthorizationInvalid, BioTrackError, InvalidCredentials, RateLimited,
                             Unavailable)
from webapp.validation import FieldError

UNAVAILABLE = ("BioTrack cannot be reached right now. Nothing was changed; what you entered is "
               "kept, so try again in a moment.")
RATE_LIMITED = "BioTrack is busy and asked us to slow down. Try again in a minute."


def plain(error: BioTrackError) -> str:
    """A sentence a person can act on, for any failure of the BioTrack client."""
    if isinstance(error, Unavailable):
        return UNAVAILABLE
    if isinstance(error, RateLimited):
        return RATE_LIMITED
    if isinstance(error, AuthorizationInvalid):
        return (f"BioTrack refused this store's integrator authorization: {error.message} "
                "An admin must renew it on Config Page > Integration.")
    if isinstance(error, InvalidCredentials):
        return f"BioTrack refused the sign-in: {error.message}"
    return f"BioTrack refused the request: {error.message}"


def show_on_form(form, error: BioTrackError) -> None:
    """Put BioTrack's field errors on the matching form fields; anything else above the form."""
    placed = False
    for name, message in getattr(error, "fields", {}).items():
        field = getattr(form, name.split("[")[0].split(".")[0], None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [f"BioTrack: {message}"]
            placed = True
    if not placed:
        form.form_errors.append(plain(error))


UNREACHABLE = "BioTrack cannot be reached right now ({}). Nothing was saved; try again in a moment."


def sign_in_refused(error: InvalidCredentials, *, license_field: str = "license",
                    prefix: str = "BioTrack refused this sign-in: ") -> FieldError:
    """BioTrack's refusal of a sign-in, on the form field it is about (forms name the license
    field their way)."""
    part = error.field or "password"
    return FieldError(license_field if part == "license" else part, prefix + error.message)
