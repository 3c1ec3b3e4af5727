"""Keeping secrets out of logs and exception text."""
import json
import re
from urllib.parse import parse_qsl

MASK = "***"
# Keys whose values are secrets in BioTrack's JSON, OAuth forms and our own payloads.
SECRET_KEY = re.compile(r"pass(word)?|secret|token|session|verifier|^code$|authorization|cookie", re.IGNORECASE)
SECRET_HEADERS = {"authorization", "x-integrator-token", "cookie", "set-cookie", "proxy-authorization"}
MAX_LOGGED = 2000


def mask_data(value):
    """A copy of JSON-like data with secret values replaced."""
    if isinstance(value, dict):
        return {k: MASK if SECRET_KEY.search(str(k)) else mask_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_data(v) for v in value]
    return value


def mask_headers(headers) -> dict:
    """Headers with credentials replaced."""
    return {k: MASK if k.lower() in SECRET_HEADERS else v for k, v in (headers or {}).items()}


def mask_body(body) -> str:
    """A request or answer body for the log: JSON or form with secrets masked, else the text, shortened."""
    if body is None or body == b"" or body == "":
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    try:
        shown = json.dumps(mask_data(json.loads(text)), separators=(",", ":"))
    except ValueError:
        pairs = parse_qsl(text, keep_blank_values=True) if "=" in text and " " not in text.strip() else None
        shown = "&".join(f"{k}={MASK if SECRET_KEY.search(k) else v}" for k, v in pairs) if pairs else text
    return shown if len(shown) <= MAX_LOGGED else shown[:MAX_LOGGED] + "…"


# BioTrack refuses passwords shorter than this; a shorter "secret" is a word (say a mistyped
# "wrong"), and masking it would rewrite the message's own words.
MIN_SECRET = 8


def scrub(text: str, secrets) -> str:
    """Text with any known secret value cut out (in case a server echoes one back)."""
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET and secret in text:
            text = text.replace(secret, MASK)
    return text
