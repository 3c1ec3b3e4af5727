"""Logging: one line per request and per job run, each with a request id; text or JSON lines.

Every record, whoever logs it (our code, werkzeug's access log, a library), is created through
RedactingRecord, so an OAuth `code` or `state`, a token or a password in a URL or message never
reaches a handler. `LOG_FORMAT=json` writes one JSON object per line.
"""
import contextvars
import json
import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone

from flask import g, request

request_id_var = contextvars.ContextVar("request_id", default="-")
# What a client may hand us as X-Request-ID: short, and nothing that could forge a log line.
CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
SECRET_PATTERNS = (
    # code=, state=, tokens, passwords in query strings, form bodies and key=value messages
    (re.compile(r"(?i)\b((?:code|state|access_token|refresh_token|id_token|token|client_secret|"
                r"password|code_verifier)=)[^&\s\"'<>;,]+"), r"\1[redacted]"),
    # the same names as JSON members
    (re.compile(r"(?i)(\"(?:code|state|access_token|refresh_token|id_token|client_secret|"
                r"password|code_verifier)\"\s*:\s*\")[^\"]*"), r"\1[redacted]"),
    (re.compile(r"(?i)\b(Bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[redacted]"),
    (re.compile(r"\btb_[A-Za-z0-9_-]{8,}"), "tb_[redacted]"),
)
HANDLER_NAME = "tracebridge"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "remote_addr")


def redact(text: str) -> str:
    """The text with every secret-looking value replaced by [redacted]."""
    for pattern, replacement in SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingRecord(logging.LogRecord):
    """A log record that carries the current request id and never yields a secret."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_id = request_id_var.get()

    def getMessage(self):  # noqa: N802 (logging's name)
        """The formatted message, redacted."""
        return redact(super().getMessage())


class TextFormatter(logging.Formatter):
    """Plain lines; the whole line (traceback included) is redacted once more."""

    def __init__(self):
        super().__init__(TEXT_FORMAT)

    def format(self, record):
        """One redacted line (plus a traceback, if any)."""
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message and request fields."""

    def format(self, record):
        """The record as a JSON line."""
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
                 "level": record.levelname, "logger": record.name,
                 "request_id": getattr(record, "request_id", "-"),
                 "message": record.getMessage()}
        entry.update({k: getattr(record, k) for k in REQUEST_FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str))


def configure(log_format: str = "text", level="INFO", stream=None, *, install_handler=True):
    """Redact every record; send them to one stderr handler in the chosen format (idempotent).

    install_handler=False (tests) leaves handlers and levels alone: pytest captures logs.
    """
    logging.setLogRecordFactory(RedactingRecord)
    werkzeug = logging.getLogger("werkzeug")
    if _drop_server_access_lines not in werkzeug.filters:
        werkzeug.addFilter(_drop_server_access_lines)
    # Alembic announces its plugins at every import; that is not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if not install_handler:
        return None
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.set_name(HANDLER_NAME)
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root.setLevel(level)
    return handler


def _drop_server_access_lines(record) -> bool:
    """The development server's access line repeats ours (webapp.request), without the id."""
    return not (isinstance(record.msg, str) and record.msg.rstrip().endswith('] "%s" %s %s'))


@contextmanager
def request_id(value: str | None = None):
    """Run a block (a job run, a command) under its own request id."""
    token = request_id_var.set(value or uuid.uuid4().hex)
    try:
        yield request_id_var.get()
    finally:
        request_id_var.reset(token)


def init_app(app):
    """Give every request an id (the client's X-Request-ID if sane) and log it once."""
    app.before_request(_start_request)
    app.after_request(_finish_request)
    # A worker serves many requests on one thread: no id may leak into the next one's logs.
    app.teardown_request(lambda exc: request_id_var.set("-"))


def _start_request():
    """Take or make the request id; remember when the request started."""
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()
    request_id_var.set(g.request_id)


def _finish_request(response):
    """Return the id to the client and write the request's one line (path only: no query)."""
    rid = g.get("request_id")
    if rid is None:  # a request that failed before before_request ran
        return response
    response.headers["X-Request-ID"] = rid
    duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
    fields = {"method": request.method, "path": request.path, "status": response.status_code,
              "duration_ms": duration_ms, "remote_addr": request.remote_addr}
    logging.getLogger("webapp.request").info(
        "%s %s %s %.1f ms", request.method, request.path, response.status_code, duration_ms,
        extra=fields)
    return response
