"""Error pages in the layout, JSON for API clients, client redirects for HTMX."""
import logging

from flask import jsonify, make_response, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db
from webapp.htmx import client_redirect
from webapp.sessions import sign_in_url

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
    413: "Too large", 429: "Too many attempts", 500: "Something went wrong",
}
CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "too_large", 429: "rate_limited",
         500: "internal_error"}


def init_app(app):
    """Install the handlers."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)


def _wants_json() -> bool:
    """API paths and clients that prefer JSON get JSON errors."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _answer(status: int, message: str):
    """Render the error in the form the client wants."""
    if _wants_json():
        return jsonify(error={"code": CODES.get(status, "error"), "message": message}), status
    if status == 429 and request.endpoint in THROTTLED_FORMS:
        return _throttled_form(*THROTTLED_FORMS[request.endpoint])
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/error.html"
    return render_template(template, status=status, title=TITLES.get(status, "Error"),
                           message=message), status


THROTTLED_FORMS = {
    "auth.login": ("auth/login.html", "LoginForm",
                   "Too many failed sign-ins. Wait a few minutes and try again."),
    "account.index": ("account/index.html", "ChangePasswordForm",
                      "Too many wrong current passwords. Wait a few minutes and try again."),
}


def _throttled_form(template: str, form_name: str, message: str):
    """A throttled form comes back as its own page with the reason, not a bare error page."""
    from webapp.auth import forms
    form = getattr(forms, form_name)()
    form.form_errors.append(message)
    return render_template(template, form=form), 429


def csrf_error(error):
    """A form or HTMX request without a valid token."""
    if not current_user.is_authenticated and request.headers.get("HX-Request"):
        # The session expired: start over on the sign-in page, not inside a fragment.
        return client_redirect(sign_in_url(), status=401)
    return _answer(400, "The form expired or was sent from elsewhere. Reload the page and "
                        "try again.")


def http_error(error: HTTPException):
    """Any HTTP error raised by abort() or routing."""
    if error.code == 500:
        return unexpected_error(error)
    message = error.description if error.code in (403, 404) and error.description and \
        not error.description.startswith(("You don't have the permission",
                                          "The requested URL was not found")) \
        else _default_message(error.code)
    response = make_response(_answer(error.code or 500, message))
    # The error's own headers (Allow on a 405, Retry-After, WWW-Authenticate) still apply.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _default_message(status):
    """A plain sentence for each status."""
    return {
        400: "The request could not be understood. Check what you entered and try again.",
        403: "You do not have permission to do this.",
        404: "There is nothing here. The page may have moved, or you may not have access.",
        405: "This action is not available here.",
        413: "What was sent is too large. Send less at a time.",
        429: "Too many attempts. Wait a few minutes and try again.",
    }.get(status, "The request could not be completed.")


def unexpected_error(error):
    """A bug: roll back, log it with its trace, show a calm page without details."""
    db.session.rollback()
    if not isinstance(error, InternalServerError) or error.original_exception:
        log.exception("unhandled error on %s %s", request.method, request.path,
                      exc_info=getattr(error, "original_exception", None) or error)
    return _answer(500, "Something went wrong on our side. It has been logged; please try "
                        "again in a moment.")
