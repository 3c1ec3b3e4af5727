"""Issue 8 joined to the rest: nightly syncs in the scheduler, employees' credentials with the
company UBI filled in (the same store as Manage Account's)."""
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of
from webapp.extensions import db
from webapp.models import CompanySettings, LinkedCredential, SyncRun, utcnow
from webapp.scheduler import JOBS


def _company_ready(world, mode="per_vendor"):
    """Steps 1 and 1a done for organization A."""
    world.a.org.biotrack_ubi = "600123456"
    db.session.add(CompanySettings(organization_id=world.a.org.id, vendor_mode=mode))
    db.session.commit()


def test_nightly_syncs_run_for_each_ready_organization(app, client, sandbox, world):
    """Both nightly jobs record a run per organization, shown on the page."""
    from tests.fixtures.integration import authorize_store
    _company_ready(world)
    authorize_store(sandbox, world.a.downtown)  # reads vendors with a connected store
    assert JOBS["company-refresh"].trigger == "cron"
    counts = JOBS["company-refresh"].func(utcnow())
    assert counts == {"organizations": 1, "errors": 0}
    JOBS["license-resync"].func(utcnow())
    runs = db.session.scalars(select(SyncRun).where(SyncRun.trigger == "nightly")).all()
    assert sorted(r.kind for r in runs) == ["companies", "licenses"]
    assert all(r.organization_id == world.a.org.id for r in runs)
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get("/settings/integrations/biotrack"))
    assert "created" in page


def test_your_credentials_take_the_company_ubi(app, client, sandbox, world):
    """Not-yet-connected store: the UBI comes from the company setting, read-only, same store."""
    _company_ready(world)
    login(client, world.a.clerk.email, PASSWORD)
    form = text_of(client.get(f"/account/credentials/new?location={world.a.downtown.id}"))
    assert 'value="600123456" readonly' in form
    assert "Filled in from your company's BioTrack setting" in form
    response = post(client, "/account/credentials/new", {
        "provider": "biotrack", "location": world.a.downtown.id, "ubi": "600123456",
        "username": "clerk@demo.test", "password": "bt-clerk-pass"},
        page="/account/credentials/new")
    assert response.status_code == 302, text_of(response)[-2000:]
    credential = db.session.scalar(select(LinkedCredential))
    assert credential.ubi == "600123456" and credential.user_id == world.a.clerk.id
    refused = text_of(post(client, "/account/credentials/new", {
        "provider": "biotrack", "location": world.a.uptown.id, "ubi": "999999999",
        "username": "clerk@demo.test", "password": "bt-clerk-pass"},
        page="/account/credentials/new"))
    assert "uses BioTrack UBI 600123456" in refused


def test_settings_link_for_everyone(client, world):
    """Settings > My BioTrack credentials > Add Your BioTrack API Credentials, for every user."""
    login(client, world.a.clerk.email, PASSWORD)
    assert 'href="/account/credentials" >My BioTrack credentials</a>' in text_of(client.get("/"))
    assert "Add Your BioTrack API Credentials" in text_of(client.get("/account/credentials"))
