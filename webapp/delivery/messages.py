"""BioTrack's refusal of a report, said once and in plain words, in the store's time zone."""
import re

from webapp.timefmt import localize_instants

_INDEX = re.compile(r"^(\w+?)s?\[(\d+)\]\.?(.*)$")


def field_label(path: str) -> str:
    """items[0].barcode -> "item 1 barcode"; manifest_id -> "manifest id"."""
    match = _INDEX.match(path)
    if match:
        name, index, rest = match.groups()
        path = f"{name} {int(index) + 1} {rest}".strip()
    return path.replace("_", " ").replace(".", " ")


def refusal(error, time_zone: str | None) -> str:
    """"BioTrack refused it: ..." with its field messages if it gave some, else its message.

    BioTrack's message repeats its field list, so showing both said everything twice.
    """
    fields = getattr(error, "fields", None) or {}
    if fields:
        detail = "; ".join(f"{field_label(k)}: {v}" for k, v in fields.items())
    else:
        detail = error.message
    return f"BioTrack refused it: {localize_instants(detail, time_zone)}"
