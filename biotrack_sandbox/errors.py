"""BioTrack-style error answers: {"Error": message, "Code": stable code, "Fields": {...}}."""
from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """An answer the sandbox gives on purpose, with a status, a stable code and a message."""

    def __init__(self, status: int, code: str, message: str, fields=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields, headers or {}

    def body(self) -> dict:
        """The JSON body of the answer."""
        body = {"Error": self.message, "Code": self.code}
        if self.fields:
            body["Fields"] = self.fields
        return body

    def response(self):
        """Render the answer."""
        resp = jsonify(self.body())
        resp.status_code = self.status
        resp.headers.update(self.headers)
        return resp


def invalid(fields: dict, message: str | None = None) -> ApiError:
    """A 400 naming each bad field."""
    text = message or "Fix these fields: " + " ".join(f"{k} {v}" for k, v in fields.items())
    return ApiError(400, "validation_error", text, fields=fields)


def not_found(code: str, message: str) -> ApiError:
    """A 404 with a specific code."""
    return ApiError(404, code, message)


def conflict(code: str, message: str) -> ApiError:
    """A 409 with a specific code."""
    return ApiError(409, code, message)


def _http_error(exc: HTTPException):
    """Answer framework errors (unknown route, wrong method) in the same JSON shape."""
    codes = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}
    message = {
        404: f"No such endpoint: {request.method} {request.path}",
        405: f"{request.method} is not allowed on {request.path}",
    }.get(exc.code, exc.description)
    return ApiError(exc.code, codes.get(exc.code, "http_error"), message).response()


def _server_error(exc):
    """Unexpected failures still answer JSON, as BioTrack's API does (and are logged here)."""
    current_app.logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return ApiError(500, "server_error", "BioTrack had an internal error; try again later.").response()


def register(app) -> None:
    """Install the handlers."""
    app.register_error_handler(ApiError, lambda exc: exc.response())
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


def page_args(args, default_per_page: int, max_per_page: int) -> tuple[int, int]:
    """(page, per_page) of a paged list, or a 400 naming what is wrong with them."""
    page, per_page = args.get("page", "1"), args.get("per_page", str(default_per_page))
    errors = {}
    if not page.isdigit() or int(page) < 1:
        errors["page"] = "must be a whole number from 1."
    if not per_page.isdigit() or not 1 <= int(per_page) <= max_per_page:
        errors["per_page"] = f"must be a whole number from 1 to {max_per_page}."
    if errors:
        raise invalid(errors)
    return int(page), int(per_page)
