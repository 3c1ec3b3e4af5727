"""Keep OAuth authorization codes and `state` values out of every log line.

The consent callback carries them in its query string, so request lines (the development
server's and gunicorn's access logs), referers and sign-in redirects (?next=...) would
otherwise record them.
"""
import logging
import re

# code=... / state=... as a query parameter, plain or percent-encoded inside another URL.
SECRET_PARAMS = re.compile(r"(?:(?<=[?&;])|(?<=%3F)|(?<=%3f)|(?<=%26))(code|state)(=|%3D|%3d)"
                           r"(?:(?!%26)[^&\s\"'])*")
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    """The text with every code/state parameter value replaced."""
    return SECRET_PARAMS.sub(r"\1\2[redacted]", text)


def _clean(value):
    """Redact strings; leave other log arguments as they are."""
    return redact(value) if isinstance(value, str) else value


class RedactOAuthParams(logging.Filter):
    """Rewrites a record's message and arguments before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, cleaned."""
        record.msg = _clean(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(value) for value in record.args)
        return True


def install() -> None:
    """Filter the access loggers and every root handler (so app loggers are covered too)."""
    targets = [logging.getLogger(name) for name in ACCESS_LOGGERS] + logging.root.handlers
    for target in targets:
        if not any(isinstance(f, RedactOAuthParams) for f in target.filters):
            target.addFilter(RedactOAuthParams())
