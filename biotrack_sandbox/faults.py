"""Injected faults: a queue of rules matched by path prefix, applied before or after processing."""
import socket
import time

from flask import Response, current_app, g, request

from . import db
from .errors import ApiError

KINDS = {"http_500", "http_503", "slow", "drop", "rate_limit"}
BODIES = {"json", "empty", "html"}
EXEMPT = ("/_sandbox", "/health", "/static")


def _license() -> str | None:
    """The license a request acts for (actions name LocationLicense, a login names License)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None
    value = data.get("LocationLicense", data.get("License"))
    return value if isinstance(value, str) else None


def _take():
    """Consume one use of the first rule matching this request, if any."""
    for _ in range(3):
        rule = db.one(
            "SELECT * FROM faults WHERE remaining > 0 AND substr(?, 1, length(path_prefix)) = path_prefix "
            "AND (method IS NULL OR method = ?) AND (license IS NULL OR license = ?) ORDER BY id LIMIT 1",
            request.path, request.method, _license(),
        )
        if rule is None:
            return None
        with db.transaction() as conn:
            taken = conn.execute("UPDATE faults SET remaining = remaining - 1 WHERE id = ? AND remaining > 0", (rule["id"],)).rowcount
        if taken:
            return rule
    return None


def _error(status: int, rule) -> Response:
    """An error answer in the shape the rule asks: BioTrack JSON, an empty body, or a proxy's HTML."""
    if rule["body"] == "empty":
        return Response(b"", status=status)
    if rule["body"] == "html":
        return Response(f"<html><body><h1>{status} Service Unavailable</h1></body></html>", status=status, mimetype="text/html")
    if status == 503:
        return ApiError(503, "service_unavailable", "BioTrack is temporarily unavailable; try again shortly.").response()
    return ApiError(500, "server_error", "BioTrack had an internal error; try again later.").response()


def _drop() -> Response:
    """Close the connection without an answer; the server's late write then fails quietly."""
    sock = request.environ.get("werkzeug.socket") or request.environ.get("gunicorn.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    return Response(b"", status=500)


def _apply(rule, response: Response | None = None) -> Response | None:
    """Act out a rule; None means carry on normally."""
    kind = rule["kind"]
    if kind == "slow":
        time.sleep(rule["seconds"])
        return response
    if kind == "drop":
        return _drop()
    if kind == "rate_limit":
        seconds = rule["retry_after"]
        error = ApiError(429, "rate_limited", f"Too many requests; retry after {seconds} seconds.",
                         headers={"Retry-After": str(seconds)})
        return error.response()
    return _error(500 if kind == "http_500" else 503, rule)


def before():
    """Apply a 'before' rule instead of processing; remember an 'after' rule for later."""
    if request.path.startswith(EXEMPT):
        return None
    latency = current_app.config.get("SANDBOX_LATENCY_MS", 0)
    if latency:
        time.sleep(latency / 1000)
    rule = _take()
    if rule is None:
        return None
    if rule["phase"] == "after":
        g.fault_after = rule
        return None
    return _apply(rule)


def after(response: Response) -> Response:
    """Apply an 'after' rule once the request was processed (and committed)."""
    rule = g.pop("fault_after", None)
    return response if rule is None else _apply(rule, response)


def register(app) -> None:
    """Install the hooks, only where test controls exist (the only way to add a rule)."""
    if app.config["SANDBOX_TEST_CONTROLS"]:
        app.before_request(before)
        app.after_request(after)
