"""Settings > Companies: the trading partners, searchable, renamed by hand."""
from sqlalchemy import select

from tests.company.flow import create_companies, hx_get, plain, ready
from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, Company

LIST = "/settings/companies"


def _company(name) -> Company:
    """A company by name, fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(select(Company).where(Company.name == name))


def test_list_with_licenses_and_search(client, sandbox, world):
    """Each company with its licenses; search by name, license number or vendor UBI."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    create_companies(client)
    page = plain(client.get(LIST))
    assert "12 companies." in page
    assert ("Finger Lakes Farms Finger Lakes Farms UBI 700100401 NY-CULT-100401 Finger Lakes "
            "Farms - Seneca Producer NY-CULT-100402") in page
    assert "(manual): 12 created, 0 updated, 4 skipped, 0 errors" in page
    by_name = plain(hx_get(client, f"{LIST}?q=finger"))
    assert "1 company matching “finger”." in by_name and "<nav" not in by_name
    by_license = plain(hx_get(client, f"{LIST}?q=ny-dist-100802"))
    assert "Mohawk Valley Distribution" in by_license and "1 company" in by_license
    by_ubi = plain(client.get(f"{LIST}?q=700100501"))
    assert "Brooklyn Botanicals" in by_ubi and "1 company matching" in by_ubi
    assert "No company matches “zzz”." in plain(client.get(f"{LIST}?q=zzz"))


def test_a_renamed_company_keeps_its_name_through_refreshes(client, sandbox, world):
    """Edit: user_edited, audited; a BioTrack rename does not overwrite it; it can go back."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    create_companies(client)
    empire = _company("Empire Cultivation Co")
    path = f"{LIST}/{empire.id}"
    assert "BioTrack's name for it Empire Cultivation Co" in plain(client.get(path))
    response = post(client, path, {"name": "Empire (Geneva)"}, page=path)
    assert response.status_code == 302
    empire = _company("Empire (Geneva)")
    assert empire.user_edited is True
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "company.renamed"))
    assert event.details["before"] == "Empire Cultivation Co" and \
        event.actor_id == world.a.admin.id

    sandbox.rename_vendor("700100201", "Empire Cultivation Company")
    create_companies(client)
    empire = _company("Empire (Geneva)")
    assert empire.source_name == "Empire Cultivation Company"
    assert "Renamed" in plain(client.get(f"{LIST}?q=empire"))

    post(client, path, {"name": "Empire (Geneva)", "action": "use_biotrack_name"}, page=path)
    assert _company("Empire Cultivation Company").user_edited is False
    assert "Give the company a name." in plain(post(client, path, {"name": ""}, page=path))


def test_companies_of_another_organization_are_out_of_reach(client, sandbox, world):
    """Organization B gets 404 for A's company and does not find it by search."""
    login(client, world.a.admin.email, PASSWORD)
    ready(client, sandbox, world.a, mode="per_vendor")
    create_companies(client)
    empire = _company("Empire Cultivation Co")
    login(client, world.b.admin.email, PASSWORD)
    assert client.get(f"{LIST}/{empire.id}").status_code == 404
    assert post(client, f"{LIST}/{empire.id}", {"name": "Mine"}).status_code == 404
    assert "Empire" not in plain(client.get(f"{LIST}?q=empire"))
    assert _company("Empire Cultivation Co") is not None


def test_a_clerk_cannot_open_the_settings(client, world):
    """Without “Company BioTrack settings” the pages are refused and not in the sidebar."""
    login(client, world.a.clerk.email, PASSWORD)
    assert client.get("/settings/integrations/biotrack").status_code == 403
    assert client.get(LIST).status_code == 403
    assert "Company BioTrack setup" not in plain(client.get("/"))
    login(client, world.a.admin.email, PASSWORD)
    home = plain(client.get("/"))
    assert "Settings Company BioTrack setup Companies" in home
