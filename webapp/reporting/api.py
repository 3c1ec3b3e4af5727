"""The point-of-sale JSON API: POST /api/v1/actions, GET /api/v1/actions/<id>."""
from flask import Blueprint, g, jsonify, request

from webapp.extensions import csrf, db
from webapp.models import Action
from webapp.reporting import intake, tokens
from webapp.reporting.openapi import spec
from webapp.reporting.presenters import action_json
from webapp.reporting.schemas import ID_RE, Invalid, parse_time

api = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api)  # bearer tokens, not cookies: there is no cross-site request to forge


def error(status: int, code: str, message: str, fields: dict | None = None):
    """The API's error shape: {"error": {"code", "message", "fields"}}."""
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def _authenticate(touch=False):
    """The token's row from `Authorization: Bearer …`, or None."""
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    return tokens.authenticate(token, touch=touch)


@api.route("/actions", methods=["POST"])
def create_action():
    """Record an action for the token's store; 202 queued, 200 if the external_id is known."""
    g.api_token = _authenticate(touch=True)
    if g.api_token is None:
        return error(401, "invalid_token", "Send a valid store API token: "
                                           "Authorization: Bearer <token>.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "invalid_json", "Send a JSON object (Content-Type: application/json).")
    location = g.api_token.location
    fields = {}
    external_id = body.get("external_id")
    if not isinstance(external_id, str) or not ID_RE.match(external_id.strip()):
        fields["external_id"] = "Give the point of sale's own id for this action (letters, " \
                                "digits and . _ : / -, at most 80)."
    performed_at = parse_time(body.get("performed_at"), "performed_at", fields)
    try:
        performer = intake.find_performer(location, body.get("performed_by"))
    except Invalid as invalid:
        fields.update(invalid.fields)
        performer = None
    if fields:
        return error(422, "validation_failed", "Some fields are not valid.", fields)
    try:
        action = intake.record(location, performer, kind=body.get("kind"),
                               external_id=external_id.strip(), data=body.get("data"),
                               performed_at=performed_at, source="api")
    except Invalid as invalid:
        return error(422, "validation_failed", "Some fields are not valid.", invalid.fields)
    except intake.Duplicate as duplicate:
        if not duplicate.same_kind:
            return error(409, "external_id_conflict", "This external_id was already used for "
                         f"a {duplicate.action.kind} at this store.", {"external_id": "Taken."})
        return jsonify(action_json(duplicate.action)), 200
    return jsonify(action_json(action)), 202


@api.route("/actions/<int:action_id>")
def get_action(action_id):
    """An action of the token's store with its delivery status."""
    token = _authenticate()
    if token is None:
        return error(401, "invalid_token", "Send a valid store API token: "
                                           "Authorization: Bearer <token>.")
    action = db.session.get(Action, action_id)
    if action is None or action.location_id != token.location_id:
        return error(404, "not_found", "No action with this id at this store.")
    return jsonify(action_json(action))


@api.route("/openapi.json")
def openapi():
    """The API description (OpenAPI 3.1)."""
    return jsonify(spec())
