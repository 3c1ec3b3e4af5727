"""The point-of-sale API: tokens, validation, idempotent external ids, the outbox row."""
from sqlalchemy import func, select

from tests.intake.helpers import api_post, sale_body, token_for
from webapp.extensions import db
from webapp.models import Action, Delivery


def test_sale_is_recorded_and_queued_in_one_transaction(client, world):
    """202 with the action; the action and its delivery exist together."""
    token = token_for(world.a.downtown)
    response = api_post(client, token, sale_body())
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "queued" and body["performed_by"] == "clerk@a.test"
    # Quantities and money are JSON numbers, never strings.
    assert body["data"]["items"][0] == {"barcode": "6001234560000001", "quantity": 2,
                                        "price": 20.5}
    action = db.session.get(Action, body["id"])
    assert action.delivery.status == "queued" and action.location_id == world.a.downtown.id
    fetched = client.get(f"/api/v1/actions/{body['id']}",
                         headers={"Authorization": f"Bearer {token}"}).get_json()
    assert fetched["id"] == body["id"] and fetched["credential_source"] is None


def test_same_external_id_again_returns_the_existing_action(client, world):
    """A retried POST is not a second action."""
    token = token_for(world.a.downtown)
    first = api_post(client, token, sale_body()).get_json()
    again = api_post(client, token, sale_body())
    assert again.status_code == 200 and again.get_json()["id"] == first["id"]
    conflict = api_post(client, token, dict(sale_body(), kind="invoice_payment",
                                            data={"invoice_id": "I-1", "amount": 5}))
    assert conflict.status_code == 409
    assert conflict.get_json()["error"]["code"] == "external_id_conflict"
    assert db.session.scalar(select(func.count(Action.id))) == 1


def test_validation_errors_name_the_fields_and_store_nothing(client, world):
    """Every problem at once, with field paths and a stable code; nothing half-stored."""
    token = token_for(world.a.downtown)
    response = api_post(client, token, {
        "kind": "sale", "performed_by": "nobody@a.test", "external_id": "",
        "data": {"customer_type": "tourist", "items": [
            {"barcode": "123", "quantity": "-1", "price": "abc"}]}})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"external_id", "performed_by", "data.customer_type",
                                    "data.items[0].barcode", "data.items[0].quantity",
                                    "data.items[0].price"}
    response = api_post(client, token, sale_body(customer_type="tourist", items=[
        {"barcode": "123", "quantity": "-1", "price": "abc"}]))
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"data.customer_type", "data.items[0].barcode",
                           "data.items[0].quantity", "data.items[0].price"}
    assert db.session.scalar(select(func.count(Action.id))) == 0
    assert db.session.scalar(select(func.count(Delivery.id))) == 0


def test_each_kind_validates(client, world):
    """Refund of an unknown sale, adjustment sign rules, receiving and payment fields."""
    token = token_for(world.a.downtown)
    bad = {
        "refund": ({"sale_external_id": "NOPE", "items": [{"barcode": "6001234560000001",
                                                          "quantity": 1, "price": 1}]},
                   {"data.sale_external_id"}),
        "adjustment": ({"barcode": "6001234560000001", "quantity": 3, "reason": "theft"},
                       {"data.quantity"}),
        "receiving": ({"manifest_id": "", "items": []}, {"data.manifest_id", "data.items"}),
        "invoice_payment": ({"invoice_id": "INV-1", "amount": 0}, {"data.amount"}),
    }
    for kind, (data, fields) in bad.items():
        body = {"kind": kind, "performed_by": "clerk@a.test", "external_id": f"X-{kind}",
                "data": data}
        response = api_post(client, token, body)
        assert response.status_code == 422, kind
        assert set(response.get_json()["error"]["fields"]) == fields, kind


def test_refund_waits_for_its_sale(client, world):
    """The refund's delivery depends on the sale's."""
    token = token_for(world.a.downtown)
    sale = api_post(client, token, sale_body("S-9")).get_json()
    refund = api_post(client, token, {
        "kind": "refund", "performed_by": "clerk@a.test", "external_id": "R-9",
        "data": {"sale_external_id": "S-9", "items": [
            {"barcode": "6001234560000001", "quantity": 1, "price": 20.5}]}}).get_json()
    delivery = db.session.get(Action, refund["id"]).delivery
    assert delivery.depends_on.action_id == sale["id"]


def test_tokens_are_per_store_and_checked(client, world):
    """No token, a wrong or revoked one: 401; another store's action: 404."""
    assert api_post(client, "nope", sale_body()).status_code == 401
    assert client.post("/api/v1/actions", json=sale_body()).get_json()["error"]["code"] == \
        "invalid_token"
    downtown, uptown = token_for(world.a.downtown), token_for(world.a.uptown)
    action = api_post(client, downtown, sale_body()).get_json()
    response = client.get(f"/api/v1/actions/{action['id']}",
                          headers={"Authorization": f"Bearer {uptown}"})
    assert response.status_code == 404
    other_org = token_for(world.b.downtown)
    response = api_post(client, other_org, sale_body("S-2", performed_by="clerk@a.test"))
    assert response.status_code == 422  # A's clerk is not B's employee
    from webapp.models import ApiToken
    from webapp.config_page.api_tokens import tokens
    tokens.revoke(db.session.scalar(select(ApiToken).where(
        ApiToken.location_id == world.a.downtown.id)), world.a.admin)
    assert api_post(client, downtown, sale_body("S-3")).status_code == 401


def test_malformed_json_and_unknown_kind(client, world):
    """Not JSON: 400 invalid_json; unknown kind: 422 on kind."""
    token = token_for(world.a.downtown)
    response = client.post("/api/v1/actions", data="{oops",
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"
    response = api_post(client, token, dict(sale_body(), kind="gift"))
    assert response.get_json()["error"]["fields"] == {"kind": "Choose one of: sale, refund, "
                                                              "adjustment, receiving, "
                                                              "invoice_payment."}


def test_performer_needs_the_permission_and_the_store(client, world):
    """An admin without perform_actions, or a clerk without this store, is refused."""
    world.a.clerk.locations = [world.a.uptown]
    db.session.commit()
    token = token_for(world.a.downtown)
    fields = api_post(client, token, sale_body()).get_json()["error"]["fields"]
    assert "may not perform actions at Downtown" in fields["performed_by"]


def test_the_named_employee_is_read_with_the_token(client, world):
    """Named by e-mail in any case and spacing, of the token's organization, active: the answer
    names the stored e-mail; anyone else is refused on performed_by and nothing is recorded."""
    token = token_for(world.a.downtown)
    response = api_post(client, token, sale_body("S-1", performed_by="  Clerk@A.TEST "))
    assert response.status_code == 202 and response.get_json()["performed_by"] == "clerk@a.test"
    world.b.clerk.locations = []  # no store of A either way
    nobody = "No active TraceBridge user of this organization has this e-mail."
    for n, given in enumerate(("nobody@a.test", "clerk@b.test", "", None)):
        response = api_post(client, token, sale_body(f"S-X{n}", performed_by=given))
        assert response.status_code == 422, given
        message = response.get_json()["error"]["fields"]["performed_by"]
        assert message == (nobody if given else "This field is required."), message
    world.a.clerk.active = False
    db.session.commit()
    response = api_post(client, token, sale_body("S-2"))
    assert response.get_json()["error"]["fields"]["performed_by"] == nobody
    assert db.session.scalar(select(func.count(Action.id))) == 1


def test_a_body_no_action_comes_near_is_refused_unread(client, world):
    """Over 256 KiB: 413 too_large, with or without a valid token (the body is read with it),
    and nothing is recorded."""
    from webapp.intake.api.views import MAX_BODY
    huge = sale_body("S-HUGE") | {"padding": "x" * MAX_BODY}
    for token in (token_for(world.a.downtown), "tb_not-a-token"):
        response = api_post(client, token, huge)
        assert response.status_code == 413, response.get_data(as_text=True)[:200]
        assert response.get_json()["error"]["code"] == "too_large"
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_openapi_document(client):
    """The API describes itself in a valid OpenAPI 3.1 document, every error answer included."""
    from openapi_spec_validator import validate
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1") and "/api/v1/actions" in spec["paths"]
    validate(spec)
    post = spec["paths"]["/api/v1/actions"]["post"]["responses"]
    assert {"400", "401", "409", "422", "429"} <= set(post)
    assert "Retry-After" in post["429"]["headers"]


def test_api_reference_page_uses_vendored_files_only(client, world):
    """The readable reference is served from our static files and linked from API tokens."""
    html = client.get("/api/v1/reference").get_data(as_text=True)
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html
    assert client.get("/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js").status_code == 200
    from tests.fixtures.app import login
    from tests.fixtures.world import PASSWORD
    login(client, world.a.admin.email, PASSWORD)
    assert 'href="/api/v1/reference"' in client.get("/config/api-tokens").get_data(as_text=True)
