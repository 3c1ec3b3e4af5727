"""The OpenAPI 3.1 description of the point-of-sale API, generated from the kind definitions."""
from flask import current_app
from pydantic.json_schema import models_json_schema

from webapp.action_kinds import DEFINITIONS, KINDS
from webapp.models.reporting import STATUS_LABELS
from webapp.intake.api.openapi_parts import ERROR, action_schema, error_responses, query_parameters
from webapp.intake.schemas import NEW_ACTIONS, ListQuery

REF = "#/components/schemas/{model}"


def _schemas() -> dict:
    """Every component schema: each kind's request body and data, the action, the error."""
    _, top = models_json_schema([(m, "validation") for m in NEW_ACTIONS.values()]
                                + [(d, "serialization") for d in DEFINITIONS], ref_template=REF)
    schemas = top["$defs"]
    schemas["NewAction"] = {
        "description": "An action; `kind` selects the shape of `data`.",
        "oneOf": [{"$ref": REF.format(model=m.__name__)} for m in NEW_ACTIONS.values()],
        "discriminator": {"propertyName": "kind", "mapping": {
            k: REF.format(model=m.__name__) for k, m in NEW_ACTIONS.items()}}}
    data_refs = [{"$ref": REF.format(model=_output_name(schemas, d.__name__))}
                 for d in DEFINITIONS]
    schemas["Action"] = action_schema(list(KINDS), list(STATUS_LABELS), data_refs)
    schemas["ActionPage"] = {"type": "object", "required": ["actions", "next"], "properties": {
        "actions": {"type": "array", "items": {"$ref": REF.format(model="Action")}},
        "next": {"type": ["string", "null"], "description": "The next page's URL (with its "
                                                            "cursor); null on the last page."}}}
    schemas["Error"] = ERROR
    return schemas


def _output_name(schemas: dict, name: str) -> str:
    """Pydantic names a model's answer schema Name-Output when it differs from the request's."""
    return f"{name}-Output" if f"{name}-Output" in schemas else name


def _examples() -> dict:
    """One request example per kind."""
    return {kind: {"summary": model.model_fields["data"].annotation.label, "value": {
        "kind": kind, "external_id": f"POS-{kind.upper()}-1", "performed_by": "clerk@example.com",
        "performed_at": "2026-11-23T16:20:00-05:00",
        "data": model.model_fields["data"].annotation.model_config["json_schema_extra"][
            "examples"][0]}} for kind, model in NEW_ACTIONS.items()}


def _json(schema_name: str, description: str) -> dict:
    """A JSON answer of a component schema."""
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": REF.format(model=schema_name)}}}}


def spec() -> dict:
    """The whole document."""
    limit = current_app.config["API_RATE_LIMIT"]
    errors = error_responses(limit)
    return {
        "openapi": "3.1.0",
        "info": {"title": "TraceBridge point-of-sale API", "version": "1", "description": (
            "Report regulated actions; TraceBridge delivers each to BioTrack as the employee "
            f"who performed it. Each store token may send {limit}; past that the answer is "
            "429 with Retry-After (seconds).")},
        "components": {"securitySchemes": {"storeToken": {"type": "http", "scheme": "bearer"}},
                       "schemas": _schemas()},
        "security": [{"storeToken": []}],
        "paths": {
            "/api/v1/actions": {
                "post": {
                    "operationId": "createAction", "summary": "Record an action of the store",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": REF.format(model="NewAction")},
                        "examples": _examples()}}},
                    "responses": {
                        "202": _json("Action", "Recorded and queued for delivery"),
                        "200": _json("Action", "Already recorded under this external_id with "
                                               "the same content"),
                        **errors(400, 401, 409, 413, 422, 429)}},
                "get": {
                    "operationId": "listActions",
                    "summary": "The store's actions, oldest first, for reconciliation",
                    "parameters": query_parameters(ListQuery),
                    "responses": {"200": _json("ActionPage", "A page of actions"),
                                  **errors(401, 422, 429)}}},
            "/api/v1/actions/{id}": {"get": {
                "operationId": "getAction", "summary": "An action with its delivery status",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {"200": _json("Action", "The action"),
                              **errors(401, 404, 429)}}},
        },
    }
