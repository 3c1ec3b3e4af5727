"""Shared input rules and the error services raise for one form field."""
import re
from urllib.parse import urlsplit

from flask import abort, request, url_for
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from webapp.extensions import db
from webapp.forms import CONTROL_CHARACTERS

# Ids are INTEGER columns: a larger number names nothing (and SQLite cannot even bind it).
MAX_ID = 2**31 - 1
LICENSE_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{2,38})[A-Z0-9]$")
UBI_RE = re.compile(r"^\d{9}$")


class FieldError(ValueError):
    """A service refused a value; the view shows the message on that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def show_field_error(form, error: FieldError) -> None:
    """Attach a service's field error to the form (or to the form as a whole)."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def normalise_license(value: str | None) -> str | None:
    """Upper-case and trim a license number; empty becomes None."""
    value = (value or "").strip().upper()
    return value or None


def positive_int(value) -> int:
    """A number from 1 to MAX_ID, else ValueError (request.args.get(type=...) then uses the default)."""
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(f"{value!r} is not between 1 and {MAX_ID}")
    return number


class IdConverter(IntegerConverter):
    """Flask's <int:...> bounded by MAX_ID: a bigger number in a URL is 404, like any unknown id."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def scoped_get(model, ident, organization_id: int):
    """Fetch a row of the organization by id, or 404 (never another tenant's)."""
    try:
        ident = positive_int(ident)
    except (TypeError, ValueError, OverflowError):
        abort(404)
    row = db.session.scalar(select(model).where(model.id == ident,
                                                model.organization_id == organization_id))
    if row is None:
        abort(404)
    return row


def refuse_control_characters_in_url() -> None:
    """Before each request: a path or query string with a control character is a 400.

    Search boxes and filters read the query string without a form; PostgreSQL cannot
    even compare text with NUL.
    """
    if request.path.startswith("/api/"):
        return  # the API validates its own parameters: a 422 naming the field
    values = [request.path, *request.args.keys(), *request.args.values()]
    if any(CONTROL_CHARACTERS.search(value) for value in values):
        abort(400)


def safe_next(target: str | None) -> str:
    """Only follow redirects back into this site; else go home."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("dashboard.index")
