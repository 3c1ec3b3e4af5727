"""The state's licenses of our UBI and the state's vendors, as license sync and vendor auto-create read them."""
import pytest

from webapp.biotrack import client as client_module

from .contract import CLERK_DOWNTOWN, DOWNTOWN, MIDTOWN, RIVERSIDE, UBI, UPTOWN


def test_licenses_of_the_ubi(sandbox, biotrack_client):
    licenses = biotrack_client.licenses(CLERK_DOWNTOWN)
    assert [(x.license, x.active, x.ubi) for x in licenses] == [
        (DOWNTOWN, True, UBI), (UPTOWN, True, UBI), (MIDTOWN, True, UBI), (RIVERSIDE, False, UBI)]
    assert licenses[0].name == "Demo Dispensary Downtown" and licenses[0].type == "retail"


def test_vendors_with_their_licenses(sandbox, biotrack_client):
    vendors = {v.name: v for v in biotrack_client.vendors(CLERK_DOWNTOWN)}
    assert len(vendors) == 13 and "Demo Dispensary" not in vendors
    farms = {lic.license: lic for lic in vendors["Finger Lakes Farms"].licenses}
    assert set(farms) == {"NY-CULT-100401", "NY-CULT-100402", "NY-PROC-100403"}
    assert farms["NY-PROC-100403"].processor and not farms["NY-PROC-100403"].producer
    growers = {lic.license: lic for lic in vendors["Hudson Valley Growers"].licenses}
    assert growers["NY-CULT-100102"].active is False and growers["NY-CULT-100102"].deleted is False
    annex = {lic.license: lic for lic in vendors["Catskill Craft Processing"].licenses}["NY-PROC-100302"]
    assert annex.deleted is True and annex.active is False


def test_vendor_changes_show_up(sandbox, biotrack_client):
    sandbox.rename_vendor("700100201", "Empire Cultivation Company")
    sandbox.add_vendor_license("700100201", "NY-CULT-100202", name="Empire Cultivation - East", producer=True)
    sandbox.set_license_status("NY-CULT-100201", "inactive")
    sandbox.add_vendor("700109999", "Brand New Farms")
    vendors = {v.ubi: v for v in biotrack_client.vendors(CLERK_DOWNTOWN)}
    empire = vendors["700100201"]
    assert empire.name == "Empire Cultivation Company"
    assert [(x.license, x.active) for x in empire.licenses] == [("NY-CULT-100201", False), ("NY-CULT-100202", True)]
    assert vendors["700109999"].licenses == ()


def test_vendors_are_read_page_by_page(sandbox, biotrack_client, monkeypatch):
    monkeypatch.setattr(client_module, "VENDOR_PAGE", 5)
    assert len(biotrack_client.vendors(CLERK_DOWNTOWN)) == 13


@pytest.mark.parametrize("query", ["page=0", "per_page=500", "page=x"])
def test_bad_pages_are_refused(sandbox, query):
    import requests

    session = requests.post(f"{sandbox.url}/v1/login", json={"UBI": UBI, "License": DOWNTOWN, "Username": CLERK_DOWNTOWN.username,
                                                             "Password": CLERK_DOWNTOWN.password}, timeout=5).json()["Session"]
    resp = requests.get(f"{sandbox.url}/v1/vendors?{query}", headers={"Authorization": f"Bearer {session}"}, timeout=5)
    assert resp.status_code == 400 and resp.json()["Code"] == "validation_error"
