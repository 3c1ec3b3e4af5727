"""The point-of-sale JSON API: record actions, look them up, list them for reconciliation."""
import json
from decimal import Decimal

from flask import Blueprint, g, jsonify, render_template, request, url_for

from webapp import sessions
from webapp.extensions import csrf, limiter
from webapp.models import Action
from webapp.intake.api import connection, limits as api_limits, listing
from webapp.intake import recording
from webapp.config_page.api_tokens import tokens
from webapp.intake.api.openapi import spec
from webapp.intake.api.presenters import action_json, actions_query, shown, written_json
from webapp.intake.schemas import Invalid, list_query, new_action

# Each call carries its store's token; a page's sign-in cookie, if sent, means nothing here.
api = sessions.token_authenticated(Blueprint("api", __name__, url_prefix="/api/v1"))
csrf.exempt(api)  # bearer tokens, not cookies: there is no cross-site request to forge
api.teardown_request(connection.close)
PUBLIC = ("api.openapi", "api.reference")
# Recording, the API's hot path, reads its token and the employee it names in one statement.
_TOKEN_AND_PERFORMER = recording.with_performer(tokens.LIVE_TOKEN)
# So its body is read before the token is checked: bounded (413), as no action comes near it
# (200 items are ~40 KiB of JSON).
MAX_BODY = 256 * 1024


@limiter.request_filter
def _counted_per_token():
    """The API counts requests per token (limits.py); no per-address limit of the pages applies
    to it, so the limiter need not resolve any on each call."""
    return request.blueprint == "api"


def error(status: int, code: str, message: str, fields: dict | None = None, **extra):
    """The API's error shape: {"error": {"code", "message", "fields", ...}}."""
    body = {"code": code, "message": message} | extra
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


@api.before_request
def _authenticate():
    """Every call but the description needs a live store token, within its rate limit."""
    if request.endpoint in PUBLIC or request.endpoint is None:
        return None
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    with_performer = {}
    if request.endpoint == "api.create_action":  # the employee it names, in the same statement
        request.max_content_length = MAX_BODY
        g.body = _body()
        with_performer = {"query": _TOKEN_AND_PERFORMER, "email": recording.performer_email(
            g.body.get("performed_by") if g.body else None)}
    g.api_token = tokens.authenticate(token, touch=request.method == "POST",
                                      connection=connection.current(), **with_performer)
    if g.api_token is None:
        return error(401, "invalid_token", "Send a valid store API token: "
                                           "Authorization: Bearer <token>.")
    wait = api_limits.retry_after(g.api_token.id)
    if wait is not None:
        response, status = error(429, "rate_limited", "Too many requests with this token: "
                                 f"wait {wait} s and send again.")
        response.headers["Retry-After"] = str(wait)
        return response, status
    return None


def _refuse(value):
    """NaN and Infinity are not JSON numbers."""
    raise ValueError(value)


def _body():
    """The request's JSON object, numbers kept exact; None if it is not one."""
    if not request.is_json:
        return None
    try:
        body = json.loads(request.get_data(), parse_float=Decimal, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _invalid(fields: dict):
    """422 naming every wrong field."""
    return error(422, "validation_failed", "Some fields are not valid.", fields)


@api.route("/actions", methods=["POST"])
def create_action():
    """Record an action for the token's store; 202 queued, 200 if already recorded."""
    body = g.body  # read with the token (see _authenticate)
    if body is None:
        return error(400, "invalid_json", "Send a JSON object (Content-Type: application/json).")
    location = g.api_token.location
    fields, new, performer = {}, None, None
    try:
        new = new_action(body)
    except Invalid as invalid:
        fields = invalid.fields
    if "performed_by" not in fields:  # every problem at once, the employee's too
        try:
            performer = recording.performer_of(g.api_token.row, location,
                                               body.get("performed_by"))
        except Invalid as invalid:
            fields |= invalid.fields
    if fields:
        return _invalid(fields)
    email = performer.email
    try:
        written = recording.write(location, performer, kind=new.kind, external_id=new.external_id,
                                  data=new.data, performed_at=new.performed_at, source="api",
                                  connection=connection.current())
    except Invalid as invalid:
        return _invalid(invalid.fields)
    except recording.Duplicate as duplicate:
        if duplicate.differs:
            return error(409, "external_id_conflict", "This external_id was already used at "
                         "this store for a different action.", {"external_id": "Taken."},
                         action_id=duplicate.action.id, differs=duplicate.differs)
        return jsonify(action_json(duplicate.action)), 200
    return jsonify(written_json(written, email)), 202


@api.route("/actions")
def list_actions():
    """The store's actions matching the filters, oldest first, a page at a time."""
    try:
        query = list_query(request.args.to_dict())
        rows, cursor = listing.page(g.api_token.location, query, connection.current())
    except Invalid as invalid:
        return _invalid(invalid.fields)
    next_url = None
    if cursor is not None:
        args = request.args.to_dict() | {"cursor": cursor}
        next_url = url_for("api.list_actions", **args)
    response = jsonify(actions=[shown(row._mapping) for row in rows], next=next_url)
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@api.route("/actions/<int:action_id>")
def get_action(action_id):
    """An action of the token's store with its delivery status."""
    row = connection.current().execute(actions_query().where(
        Action.id == action_id, Action.location_id == g.api_token.location_id)).first() \
        if action_id <= listing.MAX_ID else None
    if row is None:
        return error(404, "not_found", "No action with this id at this store.")
    return jsonify(shown(row._mapping))


@api.route("/openapi.json")
def openapi():
    """The API description (OpenAPI 3.1)."""
    return jsonify(spec())


@api.route("/reference")
def reference():
    """The API description as a readable page (rendered by the vendored Swagger UI)."""
    return render_template("intake/api_reference.html")
