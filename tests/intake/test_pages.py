"""Recording actions by hand, and managing the store's API tokens."""
import re

from sqlalchemy import func, select

from tests.fixtures.app import csrf_token, login, post
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of
from tests.intake.helpers import api_post
from webapp.extensions import db
from webapp.models import Action, ApiToken


def _form(client, kind):
    """The form page and its one-time external id."""
    html = client.get(f"/actions/new/{kind}").get_data(as_text=True)
    return re.search(r'name="external_id" type="hidden" value="([^"]+)"', html).group(1)


def test_clerk_records_a_sale_once_even_if_submitted_twice(client, world):
    """The page records the sale as the clerk; a double submit does not duplicate it."""
    login(client, world.a.clerk.email, PASSWORD)
    external_id = _form(client, "sale")
    data = {"external_id": external_id, "customer_type": "medical",
            "items-0-barcode": "6001234560000002", "items-0-quantity": "1.5",
            "items-0-price": "30.00"}
    first = post(client, "/actions/new/sale", data, page="/actions/new/sale")
    assert first.status_code == 302
    second = post(client, "/actions/new/sale", data, page="/actions/new/sale")
    assert second.status_code == 302
    action = db.session.scalar(select(Action))
    assert db.session.scalar(select(func.count(Action.id))) == 1
    assert action.performed_by_id == world.a.clerk.id and action.source == "page"
    assert action.data == {"customer_type": "medical", "items": [
        {"barcode": "6001234560000002", "quantity": "1.5", "price": "30"}]}
    listing = text_of(client.get("/actions"))
    assert external_id in listing and "Queued" in listing


def test_item_errors_show_on_the_row(client, world):
    """A short barcode is reported on item 1's barcode field; nothing stored."""
    login(client, world.a.clerk.email, PASSWORD)
    text = text_of(post(client, "/actions/new/sale", {
        "external_id": _form(client, "sale"), "customer_type": "recreational",
        "items-0-barcode": "123", "items-0-quantity": "1", "items-0-price": "2"},
        page="/actions/new/sale"))
    assert "A barcode has 16 digits." in text and 'id="items-0-barcode-error"' in text
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_adjustment_and_refund_pages(client, world):
    """The adjustment sign rule; a refund offers this store's sales."""
    login(client, world.a.clerk.email, PASSWORD)
    text = text_of(post(client, "/actions/new/adjustment", {
        "external_id": _form(client, "adjustment"), "barcode": "6001234560000003",
        "quantity": "2", "reason": "theft"}, page="/actions/new/adjustment"))
    assert "removes stock: use a negative quantity" in text
    post(client, "/actions/new/sale", {
        "external_id": "WEB-SALE-1", "customer_type": "recreational",
        "items-0-barcode": "6001234560000002", "items-0-quantity": "1",
        "items-0-price": "5"}, page="/actions/new/sale")
    assert "WEB-SALE-1" in text_of(client.get("/actions/new/refund"))


def test_api_tokens_page(client, world):
    """A token is shown once, works, then is revoked with a confirmation."""
    login(client, world.a.admin.email, PASSWORD)
    html = text_of(post(client, "/config/api-tokens", {"name": "Register 1"},
                        page="/config/api-tokens"))
    token = re.search(r'id="new-token"[^>]*value="([^"]+)"', html).group(1)
    assert "shown only this once" in html
    assert token not in text_of(client.get("/config/api-tokens"))
    from tests.fixtures.secrets import columns_holding
    assert columns_holding(token) == []  # only its hash is stored
    body = {"kind": "invoice_payment", "performed_by": world.a.clerk.email,
            "external_id": "P-1", "data": {"invoice_id": "INV-000101-01", "amount": 10}}
    assert api_post(client, token, body).status_code == 202
    row = db.session.scalar(select(ApiToken))
    response = client.post(f"/config/api-tokens/{row.id}/revoke",
                           data={"csrf_token": csrf_token(client, "/config/api-tokens")})
    assert response.status_code == 302
    assert api_post(client, token, dict(body, external_id="P-2")).status_code == 401


def test_api_token_command(app, world):
    """flask api-token create "Downtown" prints a working token."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["api-token", "create", "Uptown", "--organization",
                                 world.a.org.name])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("tb_")
    ambiguous = runner.invoke(args=["api-token", "create", "Downtown"])
    assert ambiguous.exit_code != 0 and "add --organization" in ambiguous.output
