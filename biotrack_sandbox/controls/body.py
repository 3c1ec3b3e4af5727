"""Reading the small JSON bodies of the test controls."""
from flask import request

from ..errors import invalid


def body() -> dict:
    """The JSON object sent (or an empty one)."""
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def need(data: dict, *names: str):
    """The named fields, or a 400 naming the missing ones."""
    missing = {n: "is required." for n in names if data.get(n) in (None, "")}
    if missing:
        raise invalid(missing)
    return [data[n] for n in names]
