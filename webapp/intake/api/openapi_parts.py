"""The hand-stated parts of the OpenAPI document: the answers (actions, errors) and parameters."""
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "examples": [
            "validation_failed", "invalid_token", "invalid_json", "not_found",
            "external_id_conflict", "rate_limited", "too_large"]},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Field path (e.g. data.items[0].barcode) → message."},
        "action_id": {"type": "integer", "description": "409: the action already recorded "
                                                        "under this external_id."},
        "differs": {"type": "array", "items": {"type": "string"},
                    "description": "409: the fields in which this request differs from it."}}}}}

ERRORS = {
    400: "Not a JSON object (invalid_json)",
    401: "Missing, unknown or revoked token (invalid_token)",
    404: "Not an action of this store (not_found)",
    409: "external_id already used at this store for a different action "
         "(external_id_conflict; `action_id` and `differs` say which and how)",
    413: "A body over 256 KiB (too_large): no action is that big",
    422: "Invalid fields (validation_failed; `fields` names each)",
    429: "Over the token's rate limit (rate_limited)",
}


def error_responses(limit: str):
    """A function giving the documented error answers for the statuses asked."""
    def responses(*statuses) -> dict:
        out = {}
        for status in statuses:
            out[str(status)] = {"description": ERRORS[status], "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            if status == 429:
                out["429"]["description"] += f"; the limit is {limit} per token"
                out["429"]["headers"] = {"Retry-After": {
                    "description": "Seconds to wait before sending again.", "required": True,
                    "schema": {"type": "integer", "minimum": 1}}}
        return out
    return responses


def action_schema(kinds: list, statuses: list, data_refs: list) -> dict:
    """An action as the API answers it."""
    time = {"type": "string", "format": "date-time"}
    maybe = {"type": ["string", "null"]}
    return {"type": "object", "required": ["id", "kind", "external_id", "status", "data"],
            "properties": {
                "id": {"type": "integer"}, "kind": {"enum": kinds},
                "external_id": {"type": "string"}, "status": {"enum": statuses},
                "performed_by": {"type": "string"}, "performed_at": time,
                "reported_as": dict(maybe, description="The BioTrack user it was sent as."),
                "credential_source": {"enum": ["linked", "default", None], "description": (
                    "The performer's own linked account, or the store's default credentials.")},
                "last_attempt_as": dict(maybe, description=(
                    "The BioTrack user the last attempt was made as, delivered or not.")),
                "last_attempt_source": {"enum": ["linked", "default", None], "description": (
                    "Where the last attempt's credentials came from.")},
                "attempts": {"type": "integer"}, "last_error": maybe, "biotrack_id": maybe,
                "delivered_at": dict(maybe, format="date-time"),
                "updated_at": dict(time, description="When its delivery last changed."),
                "data": {"description": "The action's data, as its kind defines it; "
                                        "quantities and money are JSON numbers.",
                         "anyOf": data_refs}}}


def _without_null(schema: dict) -> dict:
    """A query parameter is absent rather than null."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default", "title")}
    return dict(options[0], **rest) if len(options) == 1 else rest


def query_parameters(model) -> list[dict]:
    """The query parameters of a filter model."""
    properties = model.model_json_schema()["properties"]
    return [{"name": name, "in": "query", "required": False, "schema": _without_null(schema)}
            for name, schema in properties.items()]
