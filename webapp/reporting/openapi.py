"""The OpenAPI description of the point-of-sale API, served at /api/v1/openapi.json."""
from webapp.biotrack import ADJUSTMENT_TYPES, CUSTOMER_TYPES
from webapp.models.reporting import KINDS

NUMBER = {"type": ["number", "string"], "description": "A decimal (JSON number or string)."}
BARCODE = {"type": "string", "pattern": "^[0-9]{16}$"}
ID = {"type": "string", "maxLength": 80, "pattern": "^[A-Za-z0-9][A-Za-z0-9._:/-]*$"}


def _items(with_price):
    """A list of items."""
    props = {"barcode": BARCODE, "quantity": NUMBER}
    if with_price:
        props["price"] = NUMBER
    return {"type": "array", "minItems": 1, "maxItems": 200, "items": {
        "type": "object", "required": list(props), "properties": props}}


DATA = {
    "sale": {"type": "object", "required": ["items"], "properties": {
        "customer_type": {"enum": list(CUSTOMER_TYPES), "default": "recreational"},
        "items": _items(True)}},
    "refund": {"type": "object", "required": ["sale_external_id", "items"], "properties": {
        "sale_external_id": ID, "items": _items(True)}},
    "adjustment": {"type": "object", "required": ["barcode", "quantity", "reason"],
                   "properties": {"barcode": BARCODE, "reason": {"enum": list(ADJUSTMENT_TYPES)},
                                  "quantity": dict(NUMBER, description=(
                                      "Signed change; negative for theft, seizure, "
                                      "moisture_loss and depletion.")),
                                  "note": {"type": "string", "maxLength": 500}}},
    "receiving": {"type": "object", "required": ["manifest_id", "items"], "properties": {
        "manifest_id": ID, "items": _items(False)}},
    "invoice_payment": {"type": "object", "required": ["invoice_id", "amount"], "properties": {
        "invoice_id": ID, "amount": NUMBER}},
}

ERROR = {"type": "object", "properties": {"error": {"type": "object", "required": [
    "code", "message"], "properties": {
    "code": {"type": "string", "examples": ["validation_failed", "invalid_token", "invalid_json",
                                            "not_found", "external_id_conflict"]},
    "message": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "Field path (e.g. data.items[0].barcode) → message."}}}}}

ACTION = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"enum": list(KINDS)}, "external_id": ID,
    "status": {"enum": ["queued", "retrying", "delivered", "failed", "needs_attention",
                        "paused"]},
    "performed_by": {"type": "string", "format": "email"},
    "performed_at": {"type": "string", "format": "date-time"},
    "reported_as": {"type": ["string", "null"],
                    "description": "The BioTrack user the report was sent as."},
    "credential_source": {"enum": ["linked", "default", None],
                          "description": "The performer's own linked account, or the store's "
                                         "default credentials."},
    "last_attempt_as": {"type": ["string", "null"],
                        "description": "The BioTrack user the last attempt was made as, "
                                       "delivered or not."},
    "last_attempt_source": {"enum": ["linked", "default", None],
                            "description": "Where the last attempt's credentials came from."},
    "attempts": {"type": "integer"}, "last_error": {"type": ["string", "null"]},
    "biotrack_id": {"type": ["string", "null"]},
    "delivered_at": {"type": ["string", "null"], "format": "date-time"},
    "data": {"type": "object"}}}


def _error_response(text):
    """A documented error answer."""
    return {"description": text, "content": {"application/json": {"schema": ERROR}}}


def spec() -> dict:
    """The whole document."""
    create = {"type": "object", "required": ["kind", "performed_by", "external_id", "data"],
              "properties": {"kind": {"enum": list(KINDS)},
                             "performed_by": {"type": "string", "format": "email",
                                              "description": "E-mail of the TraceBridge user "
                                                             "who did it."},
                             "external_id": dict(ID, description="The point of sale's id, "
                                                                 "unique per store."),
                             "performed_at": {"type": "string", "format": "date-time"},
                             "data": {"oneOf": [dict(v, title=k) for k, v in DATA.items()]}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "TraceBridge point-of-sale API", "version": "1",
                 "description": "Report regulated actions; TraceBridge delivers each to "
                                "BioTrack as the employee who performed it."},
        "components": {"securitySchemes": {"storeToken": {"type": "http", "scheme": "bearer"}},
                       "schemas": {"Action": ACTION, "Error": ERROR, "NewAction": create}},
        "security": [{"storeToken": []}],
        "paths": {
            "/api/v1/actions": {"post": {
                "summary": "Record an action of the token's store",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/NewAction"}}}},
                "responses": {
                    "202": {"description": "Recorded and queued for delivery", "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
                    "200": {"description": "Already recorded under this external_id",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Action"}}}},
                    "400": _error_response("Not a JSON object"),
                    "401": _error_response("Missing or invalid token"),
                    "409": _error_response("external_id used for another kind"),
                    "422": _error_response("Invalid fields")}}},
            "/api/v1/actions/{id}": {"get": {
                "summary": "An action with its delivery status",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The action", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Action"}}}},
                    "401": _error_response("Missing or invalid token"),
                    "404": _error_response("Not an action of this store")}}},
        },
    }
