"""Step 1a against the sandbox: preview, both vendor modes, idempotent refreshes."""
from sqlalchemy import func, select

from tests.company.flow import (PAGE, create_companies, hx_get, plain, ready, set_mode, set_ubi)
from tests.fixtures.app import login
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from webapp.company.refresh import refresh_companies
from webapp.company.runs import organizations_to_sync
from webapp.extensions import db
from webapp.models import AuditEvent, Company, CompanyLicense, SyncRun, utcnow

PREVIEW = f"{PAGE}/vendors/preview"


def companies(org) -> dict[str, Company]:
    """The organization's companies by name, as the database has them now."""
    db.session.expire_all()
    return {c.name: c for c in db.session.scalars(select(Company).where(
        Company.organization_id == org.id))}


def licenses_of(company) -> dict[str, str]:
    """license -> status of a company."""
    db.session.refresh(company)
    return {lic.license: lic.status for lic in company.licenses}


def test_preview_shows_both_modes_and_writes_nothing(client, sandbox, world):
    """Before anything is saved, both choices are counted from the state's vendor list."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    text = plain(hx_get(client, PREVIEW))
    assert "Nothing has been saved." in text
    assert ("15 companies with 15 licenses: 15 new, 0 to update; 4 inactive or deleted "
            "licenses skipped.") in text
    assert ("12 companies with 15 licenses: 12 new, 0 to update; 4 inactive or deleted "
            "licenses skipped.") in text
    assert "Finger Lakes Farms NY-CULT-100401, NY-CULT-100402, NY-PROC-100403" in text
    assert "Adirondack" not in text  # its only license is inactive
    assert db.session.scalar(select(func.count(Company.id))) == 0
    assert db.session.scalar(select(func.count(SyncRun.id))) == 0


def test_preview_says_when_biotrack_cannot_be_read(client, sandbox, world):
    """No credentials to sign in with, or BioTrack down: plain words, no 500."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, connect_store=False)
    text = plain(hx_get(client, PREVIEW))
    assert "TraceBridge has no way to sign in to BioTrack yet" in text
    assert "Create companies" not in plain(client.get(PAGE))
    authorize_store(sandbox, world.a.downtown)
    sandbox.fault("http_503", path="/v1/vendors", count=5)
    response = hx_get(client, PREVIEW)
    assert response.status_code == 200
    assert "BioTrack cannot be reached right now" in plain(response)


def test_companies_need_a_preference(client, sandbox, world):
    """Without a vendor preference nothing is created, and the page says why."""
    login(client, world.a.admin.email, PASSWORD)
    set_ubi(client)
    authorize_store(sandbox, world.a.downtown)
    assert "Save a preference to create companies." in plain(client.get(PAGE))
    text = plain(create_companies(client))
    assert "Choose how companies are created from BioTrack vendors (step 1a) first." in text
    assert db.session.scalar(select(func.count(Company.id))) == 0


def test_one_company_per_vendor_and_idempotent_refreshes(client, sandbox, world):
    """Per vendor: active licenses attached; a re-run changes nothing; renames and status
    changes are picked up; a name the user edited is kept."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    text = plain(create_companies(client))
    assert "Companies refreshed from BioTrack: 12 created, 0 updated, 4 skipped, 0 errors." \
        in text
    assert "(manual): 12 created, 0 updated, 4 skipped, 0 errors" in text
    found = companies(world.a.org)
    assert len(found) == 12 and "Adirondack Extracts" not in found
    assert licenses_of(found["Finger Lakes Farms"]) == {
        "NY-CULT-100401": "active", "NY-CULT-100402": "active", "NY-PROC-100403": "active"}
    assert licenses_of(found["Catskill Craft Processing"]) == {"NY-PROC-100301": "active"}
    assert licenses_of(found["Hudson Valley Growers"]) == {"NY-CULT-100101": "active"}
    assert found["Finger Lakes Farms"].vendor_ubi == "700100401"
    assert found["Finger Lakes Farms"].license is None
    ids = {c.id for c in found.values()}

    again = plain(create_companies(client))
    assert "0 created, 0 updated, 4 skipped, 0 errors" in again
    assert {c.id for c in companies(world.a.org).values()} == ids

    hudson = found["Hudson Valley Growers"]
    hudson.name, hudson.user_edited = "Hudson Valley (our name)", True
    db.session.commit()
    sandbox.rename_vendor("700100201", "Empire Cultivation Company")
    sandbox.rename_vendor("700100101", "Hudson Valley Growers LLC")
    sandbox.control("POST", "vendors/licenses/status", license="NY-CULT-100402",
                    status="inactive")
    sandbox.add_vendor("700109999", "Brand New Farms")
    sandbox.add_vendor_license("700109999", "NY-CULT-109999", name="Brand New Farms",
                               address="1 New Rd, Hudson, NY 12534", producer=True)
    sandbox.add_vendor("700109998", "Dormant Farms")  # no license at all: skipped
    text = plain(create_companies(client))
    # Empire and Hudson renamed, a Finger Lakes license now inactive (so 5 skipped).
    assert "1 created, 3 updated, 5 skipped, 0 errors" in text
    found = companies(world.a.org)
    assert "Empire Cultivation Company" in found and "Empire Cultivation Co" not in found
    assert found["Hudson Valley (our name)"].vendor_name == "Hudson Valley Growers LLC"
    assert found["Hudson Valley (our name)"].source_name == "Hudson Valley Growers LLC"
    assert licenses_of(found["Finger Lakes Farms"])["NY-CULT-100402"] == "inactive"
    assert licenses_of(found["Brand New Farms"]) == {"NY-CULT-109999": "active"}
    assert found["Brand New Farms"].licenses[0].producer is True
    assert len(found) == 13
    assert "0 created, 0 updated, 5 skipped, 0 errors" in plain(create_companies(client))
    assert db.session.scalar(select(func.count(SyncRun.id))) == 4


def test_one_company_per_license(client, sandbox, world):
    """Per license: one company per active license; a license named like its vendor follows
    the vendor's renames, without flip-flopping on later runs."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_license")
    assert "15 created, 0 updated, 4 skipped, 0 errors" in plain(create_companies(client))
    found = companies(world.a.org)
    assert len(found) == 15
    assert {"Finger Lakes Farms - Seneca", "Finger Lakes Farms - Keuka",
            "Finger Lakes Farms Kitchen", "Empire Cultivation Co"} <= set(found)
    seneca = found["Finger Lakes Farms - Seneca"]
    assert seneca.license == "NY-CULT-100401" and seneca.vendor_name == "Finger Lakes Farms"
    assert licenses_of(seneca) == {"NY-CULT-100401": "active"}
    assert "0 created, 0 updated, 4 skipped" in plain(create_companies(client))

    sandbox.rename_vendor("700100201", "Empire Cultivation Company")
    sandbox.rename_vendor("700100401", "FLF Holdings")
    sandbox.control("POST", "vendors/licenses/status", license="NY-DIST-100802",
                    status="deleted")
    # Empire renamed; three Finger Lakes companies get the new vendor name; Rome deleted.
    assert "0 created, 5 updated, 5 skipped" in plain(create_companies(client))
    found = companies(world.a.org)
    assert "Empire Cultivation Company" in found
    assert found["Finger Lakes Farms - Seneca"].vendor_name == "FLF Holdings"
    assert licenses_of(found["Mohawk Valley Distribution - Rome"]) == {
        "NY-DIST-100802": "deleted"}
    for _ in range(2):
        assert "0 created, 0 updated, 5 skipped" in plain(create_companies(client))
    assert "Empire Cultivation Company" in companies(world.a.org)


def test_the_preference_is_fixed_once_companies_exist(client, sandbox, world):
    """Switching modes after companies were created would duplicate every partner."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    assert "Preference saved" in plain(set_mode(client, "per_license"))  # none created yet
    set_mode(client, "per_vendor")
    create_companies(client)
    text = plain(set_mode(client, "per_license"))
    assert "Changing it now would create every partner a second time." in text
    assert "Save preference" not in plain(client.get(PAGE))
    assert "Refresh companies now" in plain(client.get(PAGE))


def test_nightly_refresh_is_a_plain_function_shown_on_the_page(client, sandbox, world):
    """refresh_companies(org, now, trigger="nightly") runs without a request; the page shows it."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    run = refresh_companies(world.a.org, utcnow(), trigger="nightly")
    assert (run.kind, run.trigger, run.created, run.skipped, run.error_count) == \
        ("companies", "nightly", 12, 4, 0)
    assert run.finished_at >= run.started_at
    assert "(nightly): 12 created, 0 updated, 4 skipped, 0 errors" in plain(client.get(PAGE))
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "company.companies_refreshed"))
    assert event.actor_id is None and event.biotrack_username == "biotrack-admin@demo.test"
    assert organizations_to_sync("companies") == [world.a.org]
    assert organizations_to_sync("licenses") == [world.a.org]
    # Organization B has no UBI: its run records why instead of failing.
    other = refresh_companies(world.b.org, utcnow(), trigger="nightly")
    assert other.error_count == 1 and "No BioTrack UBI" in other.errors
    assert db.session.scalar(select(func.count(Company.id)).where(
        Company.organization_id == world.b.org.id)) == 0


def test_biotrack_down_during_a_refresh(client, sandbox, world):
    """Unavailable: the run records it in plain words, nothing is created, never a 500."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    sandbox.fault("http_503", path="/v1/vendors", count=5)
    response = create_companies(client)
    text = plain(response)
    assert response.status_code == 200
    assert "Companies were not refreshed: BioTrack cannot be reached right now" in text
    assert "0 created, 0 updated, 0 skipped, 1 error" in text
    assert db.session.scalar(select(func.count(Company.id))) == 0
    assert db.session.scalar(select(func.count(CompanyLicense.id))) == 0


def test_companies_are_per_organization(client, sandbox, world):
    """Organization B's refresh neither sees nor touches organization A's companies."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    create_companies(client)
    login(client, world.b.admin.email, PASSWORD)
    page = plain(client.get("/settings/companies"))
    assert "No companies yet." in page and "Finger Lakes" not in page
