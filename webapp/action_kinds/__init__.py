"""The kinds of action a store reports to BioTrack, each defined once (webapp/action_kinds).

Pydantic v2 models: one per kind. They validate what the API and the pages receive, give the
OpenAPI document its schemas, the manual forms their choices and the delivery its payload.
"""
from pydantic import ValidationError

from .definitions import DEFINITIONS
from .errors import Invalid, field_messages
from .fields import KindData

BY_KIND = {definition.kind: definition for definition in DEFINITIONS}
KINDS = tuple(BY_KIND)
KIND_LABELS = {kind: definition.label for kind, definition in BY_KIND.items()}


def validate(kind: str, data, *, json_numbers: bool = False) -> KindData:
    """The action's data checked; Invalid with every field message otherwise."""
    if isinstance(data, KindData):
        return data
    if kind not in BY_KIND:
        raise Invalid({"kind": f"Choose one of: {', '.join(KINDS)}."})
    if not isinstance(data, dict):
        raise Invalid({"data": "Give the action's data as an object."})
    try:
        return BY_KIND[kind].model_validate(data, context={"json_numbers": json_numbers})
    except ValidationError as error:
        raise Invalid(field_messages(error, ("data",))) from None


def stored(data: KindData) -> dict:
    """The data as we keep it: numbers as exact decimal strings."""
    return data.model_dump(mode="json", context={"store": True})


def normalise(kind: str, data) -> dict:
    """Checked data in its stored form."""
    return stored(validate(kind, data))


def as_json(kind: str, data: dict) -> dict:
    """Stored data as API clients get it: quantities and money as JSON numbers."""
    try:
        return BY_KIND[kind].model_validate(data).model_dump(mode="json")
    except ValidationError:  # recorded under older rules: shown as it was stored
        return data


def report_payload(kind: str, data: dict, sale_biotrack_id: str | None = None) -> dict:
    """The BioTrack client payload of stored data (a refund needs its sale's BioTrack id)."""
    return BY_KIND[kind].model_validate(data).to_report(sale_biotrack_id)


def report_call(kind: str) -> str:
    """The BioTrack client's report call for a kind."""
    return BY_KIND[kind].call


def choices(kind: str, field: str) -> tuple:
    """The values a field of a kind allows (for the manual forms' selects)."""
    return BY_KIND[kind].model_fields[field].annotation.__args__
