"""Validation problems as field messages keyed by path (data.items[0].price), in plain words."""
from pydantic import ValidationError


class Invalid(ValueError):
    """Field messages for everything wrong with an action, keyed by field path."""

    def __init__(self, fields: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def _path(loc) -> str:
    """('data', 'items', 0, 'price') -> data.items[0].price."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _message(error: dict) -> str:
    """Our sentence for one of pydantic's error types (custom errors carry ours already)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "This field is not one we know here."
    if kind == "literal_error":
        return "Choose one of: " + ctx.get("expected", "").replace("'", "").replace(" or ", ", ") \
            + "."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "Give an object."
    if kind == "list_type":
        return "Give a list."
    if kind == "too_short":
        return "Add at least one item."
    if kind == "too_long":
        return f"At most {ctx.get('max_length')} items per action."
    return error["msg"]


def field_messages(error: ValidationError, prefix: tuple = (), skip: int = 0) -> dict:
    """Every problem of a pydantic error; `skip` drops leading parts (a union's tag)."""
    fields = {}
    for item in error.errors(include_url=False):
        path = _path(prefix + tuple(item["loc"][skip:])) or "data"
        fields.setdefault(path, _message(item))
    return fields
