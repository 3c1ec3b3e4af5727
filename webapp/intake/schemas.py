"""What a point of sale sends: a new action (its `data` chosen by `kind`) and list filters."""
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal, Union

from pydantic import (BaseModel, ConfigDict, Field, PlainValidator, TypeAdapter,
                      ValidationError, WithJsonSchema, create_model)

from webapp.action_kinds import BY_KIND, KINDS, Invalid, field_messages
from webapp.action_kinds.fields import IDENT, NO_CONTROLS, parse_time, text
from webapp.models.reporting import STATUS_LABELS

# A point of sale's clock may run a little ahead of ours; more than this is a wrong time.
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
MAX_PAGE = 200

__all__ = ["Invalid", "new_action", "list_query", "email_or_none", "NEW_ACTIONS",
           "ListQuery"]


def _performed_at(value):
    """When it happened: not before 2000, not in the future beyond clock skew."""
    return parse_time(value, earliest=EARLIEST,
                      latest=datetime.now(timezone.utc) + CLOCK_SKEW)


def _filter_time(value):
    """A bound of a list filter: any representable time."""
    return parse_time(value)


TIME_SCHEMA = {"type": "string", "format": "date-time"}
PerformedAt = Annotated[datetime, PlainValidator(_performed_at), WithJsonSchema(dict(
    TIME_SCHEMA, description="When it happened (RFC 3339 with offset); not in the future "
                             "beyond 5 minutes of clock skew. Defaults to when we receive it."))]
FilterTime = Annotated[datetime, PlainValidator(_filter_time), WithJsonSchema(TIME_SCHEMA)]
Email = text(r"^[^\x00-\x1f\x7f@]+@[^\x00-\x1f\x7f@]+$", "Give the e-mail of the employee "
             "who did this.", max_length=254,
             description="E-mail of the TraceBridge user who did it.")
ExternalId = text(IDENT, "Give the point of sale's own id for this action (letters, digits "
                         "and . _ : / -, at most 80).",
                  description="The point of sale's id for the action, unique per store.")

EmailFilter = text(NO_CONTROLS, "Remove control characters.", max_length=254)
Cursor = text(r"^[A-Za-z0-9_-]+$", "This cursor is not one we gave.", max_length=200)


class NewActionBase(BaseModel):
    """What every kind of action carries."""

    model_config = ConfigDict(extra="forbid")

    external_id: ExternalId
    performed_by: Email
    performed_at: PerformedAt | None = None


def _new(definition):
    """The request body of one kind: its tag and its data."""
    name = "New" + definition.__name__
    return create_model(name, __base__=NewActionBase, __doc__=f"A new {definition.label.lower()}.",
                        kind=(Literal[definition.kind], ...), data=(definition, ...))


NEW_ACTIONS = {kind: _new(definition) for kind, definition in BY_KIND.items()}
NewAction = Annotated[Union[tuple(NEW_ACTIONS.values())], Field(discriminator="kind")]
_new_action = TypeAdapter(NewAction)
_email = TypeAdapter(Email)


def email_or_none(value) -> str | None:
    """`value` trimmed if the body's check of performed_by accepts it, else None."""
    try:
        return _email.validate_python(value)
    except ValidationError:
        return None


def new_action(body: dict):
    """The checked request (numbers must be JSON numbers); Invalid with every field otherwise."""
    if body.get("kind") not in KINDS:
        raise Invalid({"kind": f"Choose one of: {', '.join(KINDS)}."})
    try:
        return _new_action.validate_python(body, context={"json_numbers": True})
    except ValidationError as error:
        raise Invalid(field_messages(error, skip=1)) from None


class ListQuery(BaseModel):
    """Filters of GET /api/v1/actions; `since`/`until` apply to the time named by `time`."""

    # A misspelt filter must not silently list everything.
    model_config = ConfigDict(extra="forbid")

    external_id: ExternalId | None = None
    status: Literal[tuple(STATUS_LABELS)] | None = None
    kind: Literal[KINDS] | None = None
    performed_by: EmailFilter | None = None
    time: Literal["performed", "updated"] = "performed"
    since: FilterTime | None = None
    until: FilterTime | None = None
    cursor: Cursor | None = None
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)


def list_query(args: dict) -> ListQuery:
    """The checked filters; Invalid naming each wrong one."""
    try:
        return ListQuery.model_validate(args)
    except ValidationError as error:
        raise Invalid(field_messages(error)) from None
