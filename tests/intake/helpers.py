"""Helpers for reporting tests: API calls with a store token."""
from webapp.config_page.api_tokens import tokens

SALE = {"customer_type": "recreational",
        "items": [{"barcode": "6001234560000001", "quantity": 2, "price": 20.5}]}


def token_for(location) -> str:
    """A fresh API token of the store."""
    return tokens.create(location, "tests")[1]


def api_post(client, token, body):
    """POST /api/v1/actions with the token."""
    return client.post("/api/v1/actions", json=body,
                       headers={"Authorization": f"Bearer {token}"})


def sale_body(external_id="S-1", performed_by="clerk@a.test", **data):
    """A sale as a point of sale would send it."""
    return {"kind": "sale", "performed_by": performed_by, "external_id": external_id,
            "data": dict(SALE, **data)}
