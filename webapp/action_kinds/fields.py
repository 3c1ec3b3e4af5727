"""The field types the kinds share: each checks its value and describes itself in JSON Schema.

Each type validates with our own function (plain words, one message per field) and states the
same rule in its JSON Schema, so the OpenAPI document and the checks cannot drift apart.
"""
import re
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import (BaseModel, ConfigDict, PlainSerializer, PlainValidator,
                      ValidationInfo, WithJsonSchema)
from pydantic_core import PydanticCustomError

# Control characters (NUL above all: PostgreSQL cannot store it) are refused in every text.
NO_CONTROLS = r"^[^\x00-\x1f\x7f]*$"
NOTE_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # a note may keep tabs and line breaks
BARCODE = r"^[0-9]{16}$"
BARCODE_RE = re.compile(BARCODE)  # the pages' barcode field checks the same rule
IDENT = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$"
LIMIT = Decimal("1e9")
TIME_EXAMPLE = "2026-11-23T16:20:00-05:00"


class KindData(BaseModel):
    """The data of one kind of action; unknown fields are refused, not dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _fail(message: str):
    """A problem with our own words."""
    raise PydanticCustomError("invalid", message)


def text(pattern: str, message: str, *, max_length: int = 80, description: str = ""):
    """A string matching `pattern` (surrounding blanks are trimmed first)."""
    compiled = re.compile(pattern)

    def check(value):
        if not isinstance(value, str) or not value.strip():
            _fail("This field is required." if value in (None, "") else "Enter text.")
        value = value.strip()
        if len(value) > max_length or not compiled.match(value):
            _fail(message)
        return value
    schema = {"type": "string", "pattern": pattern, "maxLength": max_length, "minLength": 1}
    if description:
        schema["description"] = description
    return Annotated[str, PlainValidator(check), WithJsonSchema(schema)]


def note_text(max_length: int = 500):
    """Free text, possibly empty, without control characters other than tabs and line breaks."""
    compiled = re.compile(NOTE_CHARS)

    def check(value):
        if value is None:
            return ""
        if not isinstance(value, str) or len(value) > max_length:
            _fail(f"A note is text of at most {max_length} characters.")
        if not compiled.match(value):
            _fail("Remove control characters from the note.")
        return value.strip()
    return Annotated[str, PlainValidator(check), WithJsonSchema(
        {"type": "string", "maxLength": max_length, "pattern": NOTE_CHARS})]


def _as_number(value: Decimal, info):
    """Stored as an exact decimal string; sent to API clients as a JSON number."""
    if info.context and info.context.get("store"):
        return format(value.normalize(), "f")
    return int(value) if value == value.to_integral_value() else float(value)


def decimal(*, places: int, sign: str = "positive", description: str = ""):
    """A JSON number with at most `places` decimals; sign: positive, non_negative or nonzero."""
    def check(value, info: ValidationInfo):
        json_only = bool(info.context and info.context.get("json_numbers"))
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)) or (
                json_only and isinstance(value, str)):
            _fail("Enter a number.")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            _fail("Enter a number.")
        if not number.is_finite():
            _fail("Enter a number.")
        if number.normalize().as_tuple().exponent < -places:
            _fail(f"Use at most {places} decimal places.")
        if sign == "positive" and number <= 0:
            _fail("Must be more than zero.")
        if sign == "non_negative" and number < 0:
            _fail("Cannot be negative.")
        if sign == "nonzero" and number == 0:
            _fail("This changes the quantity: it cannot be zero.")
        if abs(number) >= LIMIT:
            _fail("That number is too large.")
        return number
    schema = {"type": "number", "exclusiveMaximum": float(LIMIT)}
    schema |= {"positive": {"exclusiveMinimum": 0}, "non_negative": {"minimum": 0},
               "nonzero": {"exclusiveMinimum": -float(LIMIT), "not": {"const": 0}}}[sign]
    schema["description"] = (description + " " if description else "") + \
        f"At most {places} decimal places."
    # Requests state the decimals as multipleOf; answers do not, as a float's quotient can miss.
    request = dict(schema, multipleOf=float(Decimal(1).scaleb(-places)))
    return Annotated[Decimal, PlainValidator(check), WithJsonSchema(request, mode="validation"),
                     WithJsonSchema(schema, mode="serialization"),
                     PlainSerializer(_as_number)]


def parse_time(value, *, earliest=None, latest=None) -> datetime:
    """An RFC 3339 time with its offset as aware UTC, within bounds; our words otherwise."""
    if not isinstance(value, str):
        _fail(f"Use an RFC 3339 time, e.g. {TIME_EXAMPLE}.")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        _fail(f"Use an RFC 3339 time with its offset, e.g. {TIME_EXAMPLE}.")
    try:
        parsed = parsed.astimezone(timezone.utc)
    except OverflowError:
        _fail("This time is out of range.")
    if earliest is not None and parsed < earliest:
        _fail(f"This time is out of range: give one after {earliest:%Y-%m-%d}.")
    if latest is not None and parsed > latest:
        _fail("This time is in the future: check the point of sale's clock.")
    return parsed
