"""The license's inventory on hand, as the record-an-action page's lookup reads it."""
from decimal import Decimal

import pytest
import requests

from webapp.biotrack import AuthorizationInvalid
from webapp.biotrack import client as client_module

from .contract import ADMIN_UPTOWN, CLERK_DOWNTOWN, DOWNTOWN, UBI, now, sale


@pytest.fixture
def grant(sandbox, biotrack_client):
    return sandbox.authorize(biotrack_client)


def test_inventory_of_the_session_license(sandbox, biotrack_client, grant):
    items = {i.barcode: i for i in biotrack_client.inventory(grant, CLERK_DOWNTOWN)}
    assert sorted(items) == [f"60012345600000{n:02d}" for n in range(1, 11)]
    first = items["6001234560000001"]
    assert (first.product, first.quantity, first.uom) == ("Blue Dream Flower 3.5g", Decimal("10000"), "each")


def test_a_sale_lowers_what_is_listed(sandbox, biotrack_client, grant):
    biotrack_client.report("sale", grant=grant, creds=CLERK_DOWNTOWN, request_id="R-1", external_id="S-1",
                           performed_at=now(), payload=sale("6001234560000003", quantity="2.5"))
    items = {i.barcode: i.quantity for i in biotrack_client.inventory(grant, CLERK_DOWNTOWN)}
    assert items["6001234560000003"] == Decimal("9997.5")


def test_inventory_is_read_page_by_page(sandbox, biotrack_client, grant, monkeypatch):
    monkeypatch.setattr(client_module, "INVENTORY_PAGE", 3)
    assert len(biotrack_client.inventory(grant, CLERK_DOWNTOWN)) == 10


def test_another_license_grant_is_refused(sandbox, biotrack_client, grant):
    with pytest.raises(AuthorizationInvalid):
        biotrack_client.inventory(grant, ADMIN_UPTOWN)


def test_without_a_grant_it_is_refused(sandbox):
    session = requests.post(f"{sandbox.url}/v1/login", json={"UBI": UBI, "License": DOWNTOWN, "Username": CLERK_DOWNTOWN.username,
                                                             "Password": CLERK_DOWNTOWN.password}, timeout=5).json()["Session"]
    resp = requests.get(f"{sandbox.url}/v1/inventory", headers={"Authorization": f"Bearer {session}"}, timeout=5)
    assert resp.status_code == 403 and resp.json()["Code"] == "grant_missing"
