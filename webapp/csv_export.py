"""CSV downloads: cells a spreadsheet will not run, and a file name any browser accepts."""
import re
import unicodedata
from urllib.parse import quote

# A spreadsheet treats a cell starting with these as a formula (OWASP's list, tab and CR too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters, quotes, separators and characters file systems refuse.
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\"'’‘“”\\/:*?<>|;,%\s]+")
NOT_PLAIN_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value):
    """A text cell that would start a formula is prefixed with ' (shown, never evaluated)."""
    if value.__class__ is str and value[:1] in _FORMULA_FIRST:
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def safe_row(values) -> list:
    """Every cell of a row made safe."""
    return [safe_cell(value) for value in values]


def file_name(*parts: str, extension: str = "csv") -> str:
    """A lower-case, dash-separated name from the parts (any script kept, separators dropped)."""
    words = (UNSAFE_IN_NAME.sub("-", part.lower()).strip("-.") for part in parts)
    return "-".join(word for word in words if word) + f".{extension}"


def _ascii_fallback(name: str) -> str:
    """The name in plain ASCII for old clients: accents folded, other characters dropped."""
    stem, dot, extension = name.rpartition(".")
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub("-{2,}", "-", NOT_PLAIN_ASCII.sub("-", folded)).strip("-.") or "download"
    return f"{stem}{dot}{extension}"


def attachment(name: str) -> str:
    """Content-Disposition for a download (RFC 6266): ASCII filename plus UTF-8 filename*."""
    encoded = quote(name, safe="")
    return f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{encoded}"
