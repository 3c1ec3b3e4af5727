"""Strict reading of request bodies: BioTrack refuses strings for numbers and loose time formats."""
import json
import re
from datetime import datetime
from decimal import Decimal

from flask import request

from .errors import ApiError, invalid

BARCODE = re.compile(r"^\d{16}$")
# RFC 3339 with seconds and an explicit offset: "Z" or "+hh:mm" (a colon is required).
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
UBI = re.compile(r"^\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def json_body() -> dict:
    """Parse the body as a JSON object, keeping decimals exact."""
    try:
        data = json.loads(request.get_data(as_text=True) or "null", parse_float=Decimal)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "The body must be a JSON object (Content-Type: application/json).")
    return data


class Reader:
    """Reads fields of one JSON object, collecting one message per bad field."""

    def __init__(self, data: dict, prefix: str = "", errors: dict | None = None):
        self.data, self.prefix = data, prefix
        self.errors = {} if errors is None else errors

    def fail(self, name: str, message: str) -> None:
        """Record a message for a field (the first one wins)."""
        self.errors.setdefault(self.prefix + name, message)

    def _get(self, name, required):
        """The raw value, recording 'is required.' when it is missing and needed."""
        value = self.data.get(name)
        if value is None and required:
            self.fail(name, "is required.")
        return value

    def string(self, name, *, required=True, pattern=None, hint="", max_length=200):
        """A JSON string, optionally matching a pattern."""
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, "must be a string.")
        elif not value.strip():
            self.fail(name, "must not be empty.")
        elif len(value) > max_length:
            self.fail(name, f"must be at most {max_length} characters.")
        elif pattern is not None and not pattern.match(value):
            self.fail(name, hint or "has an invalid format.")
        else:
            return value.strip()
        return None

    def barcode(self, name="Barcode"):
        """A 16-digit barcode, as a string."""
        return self.string(name, pattern=BARCODE, hint="must be a string of exactly 16 digits.")

    def number(self, name, *, required=True, minimum=None, exclusive=False, places=None):
        """A JSON number (never a string or a boolean), returned as a Decimal."""
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(name, "must be a JSON number, not a string.")
            return None
        value = Decimal(value)
        if not value.is_finite():
            self.fail(name, "must be a finite number.")
        elif minimum is not None and (value <= minimum if exclusive else value < minimum):
            self.fail(name, f"must be {'greater than' if exclusive else 'at least'} {minimum}.")
        elif places is not None and value.as_tuple().exponent < -places:
            self.fail(name, f"must have at most {places} decimal places.")
        else:
            return value
        return None

    def password(self, name="Password", *, required=True, minimum=8):
        """A password: taken as sent (never stripped), at least `minimum` characters."""
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or len(value) < minimum:
            self.fail(name, f"must be a string of at least {minimum} characters.")
            return None
        return value

    def string_list(self, name, *, required=True):
        """A list of non-empty strings."""
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(name, "must be a list of strings.")
            return None
        return [v.strip() for v in value]

    def only(self, allowed: set) -> None:
        """Refuse fields this call does not know, instead of silently ignoring them."""
        for name in sorted(set(self.data) - allowed):
            self.fail(name, "is not a field of this request.")

    def boolean(self, name, *, required=True):
        """A JSON true or false."""
        value = self._get(name, required)
        if value is not None and not isinstance(value, bool):
            self.fail(name, "must be true or false.")
            return None
        return value

    def datetime(self, name="Datetime"):
        """An RFC 3339 time with an offset, e.g. 2024-09-28T16:20:00-04:00."""
        value = self.string(name, pattern=RFC3339, hint="must be RFC 3339 with an offset, e.g. 2024-09-28T16:20:00-04:00.")
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(name, "is not a real date and time.")
            return None

    def choice(self, name, choices: dict):
        """One of fixed values; the message lists them."""
        value = self._get(name, True)
        if value is None:
            return None
        if isinstance(value, bool) or value not in choices:
            listed = ", ".join(f"{k!r} ({v})" if v else repr(k) for k, v in choices.items())
            self.fail(name, f"must be one of {listed}.")
            return None
        return value

    def items(self, name="Items") -> list["Reader"]:
        """A non-empty list of objects, each read by its own Reader."""
        value = self._get(name, True)
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.fail(name, "must be a non-empty list.")
            return []
        readers = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                readers.append(Reader(item, f"{self.prefix}{name}[{i}].", self.errors))
            else:
                self.fail(f"{name}[{i}]", "must be an object.")
        return readers

    def check(self) -> None:
        """Raise a 400 listing every bad field, if any."""
        if self.errors:
            raise invalid(dict(self.errors))
