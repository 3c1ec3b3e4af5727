"""Step 3 against the sandbox: the UBI's licenses, Create License, flags, nightly re-sync."""
from datetime import timedelta

from sqlalchemy import func, select

from tests.company.flow import PAGE, add_credentials, hx_get, hx_post, plain, set_mode, set_ubi
from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from webapp.company.licenses.services import resync_licenses
from webapp.extensions import db
from webapp.models import AuditEvent, ListedLicense, Location, utcnow

CREATE = f"{PAGE}/licenses"
RESYNC = f"{PAGE}/licenses/resync"


def _connected(client):
    """Steps 1, 1a and 2 done (adding the credentials lists the licenses)."""
    set_ubi(client)
    set_mode(client, "per_vendor")
    add_credentials(client)


def _create(client, **fields):
    """Fill step 3 and press Create License."""
    data = {"license": "NY-RET-000103", "name": "Midtown", "ocm_license": "OCM-RETL-24-000103",
            "time_zone": "America/New_York", "report_sales": "y"}
    data.update(fields)
    return hx_post(client, CREATE, {k: v for k, v in data.items() if v is not None})


def test_step_three_waits_for_company_credentials(client, sandbox, world):
    """Closed with the reason until step 2 has valid credentials."""
    login(client, world.a.admin.email, PASSWORD)
    set_ubi(client)
    set_mode(client, "per_vendor")
    assert "Add company BioTrack API credentials in step 2 first" in plain(client.get(PAGE))
    assert _create(client).status_code == 409
    assert hx_post(client, RESYNC).status_code == 409


def test_the_dropdown_lists_the_ubi_licenses_and_marks_synced_ones(client, sandbox, world):
    """BioTrack License Number: synced and inactive licenses shown but not offered."""
    login(client, world.a.admin.email, PASSWORD)
    _connected(client)
    html = client.get(PAGE).get_data(as_text=True)
    assert '<option disabled value="NY-RET-000101">NY-RET-000101 — Demo Dispensary Downtown ' \
           '(already synced: Downtown)</option>' in html
    assert '<option disabled value="NY-RET-000104">NY-RET-000104 — Demo Dispensary Riverside ' \
           '(inactive in BioTrack)</option>' in html
    assert '<option value="NY-RET-000103">NY-RET-000103 — Demo Dispensary Midtown</option>' \
        in html
    text = plain(client.get(PAGE))
    assert "NY-RET-000101 Demo Dispensary Downtown Active Synced Downtown" in text
    assert "NY-RET-000103 Demo Dispensary Midtown Active Not synced" in text
    # Picking a license fills in BioTrack's name for it.
    form = hx_get(client, f"{PAGE}/licenses/form?license=NY-RET-000103").get_data(as_text=True)
    assert 'value="Demo Dispensary Midtown"' in form and "<nav" not in form


def test_create_license_creates_the_store_as_organization_management_does(client, sandbox,
                                                                           world):
    """Create License: a store of the organization, audited, the creator has access to it."""
    login(client, world.a.admin.email, PASSWORD)
    _connected(client)
    world.a.downtown.default_intake = True
    db.session.commit()
    response = _create(client, default_intake="y", report_sales=None)
    assert "License NY-RET-000103 synced: store “Midtown” was created in Organization " \
           "Management." in plain(response)
    assert response.get_data(as_text=True).count("flash-success") == 1  # one message per action
    db.session.expire_all()
    store = db.session.scalar(select(Location).where(Location.name == "Midtown"))
    assert (store.organization_id, store.biotrack_license, store.ocm_license) == \
        (world.a.org.id, "NY-RET-000103", "OCM-RETL-24-000103")
    assert store.default_intake is True and store.report_sales is False
    assert db.session.get(Location, world.a.downtown.id).default_intake is False
    assert store in db.session.get(type(world.a.admin), world.a.admin.id).locations
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "location.created"))
    assert event.location_id == store.id and event.details["replaced_default_intake"] == \
        "Downtown"
    listing = plain(client.get("/admin/locations"))
    assert "Midtown NY-RET-000103" in listing and "Default intake" in listing
    assert "Sales not reported" in listing
    page = client.get(PAGE).get_data(as_text=True)
    assert "NY-RET-000103 — Demo Dispensary Midtown (already synced: Midtown)" in page


def test_create_license_refuses_what_cannot_be_synced(client, sandbox, world):
    """Already synced, inactive, unknown: a message on the license field, nothing created."""
    login(client, world.a.admin.email, PASSWORD)
    _connected(client)
    before = db.session.scalar(select(func.count(Location.id)))
    assert "is already synced to store “Downtown”" in plain(_create(
        client, license="NY-RET-000101", name="Again"))
    assert "NY-RET-000104 is inactive in BioTrack" in plain(_create(
        client, license="NY-RET-000104", name="Riverside"))
    assert "BioTrack does not list this license" in plain(_create(
        client, license="NY-RET-000201", name="Harbor"))
    assert "Give the location a name." in plain(_create(client, name=""))
    assert "Another store already has this name." in plain(_create(client, name="Uptown"))
    assert db.session.scalar(select(func.count(Location.id))) == before


def test_resync_is_idempotent_and_flags_what_biotrack_no_longer_lists(client, sandbox, world):
    """A store whose license is no longer listed (or inactive) is flagged, never deleted."""
    login(client, world.a.admin.email, PASSWORD)
    _connected(client)
    assert "0 created, 0 updated, 1 skipped, 0 errors" in plain(hx_post(client, RESYNC))
    # An earlier sync saw NY-RET-000105, which a store uses; BioTrack lists it no more.
    db.session.add(ListedLicense(organization_id=world.a.org.id, ubi="600123456",
                                 license="NY-RET-000105", name="Demo Dispensary Harbor"))
    db.session.add(Location(organization_id=world.a.org.id, name="Harborside",
                            biotrack_license="NY-RET-000105"))
    db.session.add(Location(organization_id=world.a.org.id, name="Typo Store",
                            biotrack_license="NY-RET-009999"))
    db.session.commit()
    sandbox.control("POST", "vendors/licenses/status", license="NY-RET-000102",
                    status="inactive")
    text = plain(hx_post(client, RESYNC))
    assert "0 created, 2 updated, 2 skipped, 0 errors" in text
    assert "NY-RET-000105 Demo Dispensary Harbor No longer listed by BioTrack" in text
    assert "NY-RET-009999 — Not listed by BioTrack" in text
    listing = plain(client.get("/admin/locations"))
    assert "Harborside NY-RET-000105 No longer listed by BioTrack" in listing
    assert "Typo Store NY-RET-009999 Not listed by BioTrack" in listing
    assert "Uptown NY-RET-000102 Inactive in BioTrack" in listing
    assert "Downtown NY-RET-000101 OCM" in listing  # not flagged
    assert db.session.scalar(select(func.count(Location.id)).where(
        Location.name == "Harborside")) == 1


def test_nightly_resync_and_failures_in_plain_words(client, sandbox, world):
    """resync_licenses(org, now, "nightly") shows on the page; BioTrack down or refusing."""
    login(client, world.a.admin.email, PASSWORD)
    _connected(client)
    later = utcnow() + timedelta(hours=10)
    run = resync_licenses(world.a.org, later, trigger="nightly")
    assert (run.kind, run.trigger, run.started_at, run.error_count) == \
        ("licenses", "nightly", later, 0)
    assert "(nightly): 0 created, 0 updated, 1 skipped, 0 errors" in plain(client.get(PAGE))
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "company.licenses_resynced").order_by(AuditEvent.id.desc())).first()
    assert event.actor_id is None and event.biotrack_username == "biotrack-admin@demo.test"

    sandbox.fault("http_503", path="/v1/licenses", count=5)
    response = hx_post(client, RESYNC)
    assert response.status_code == 200
    assert "The license list was not refreshed: BioTrack cannot be reached right now" in \
        plain(response)
    sandbox.clear_faults()
    sandbox.set_password("biotrack-admin@demo.test", "changed-in-biotrack")
    # The cached session ends with the password change: the next call is refused.
    run = resync_licenses(world.a.org, utcnow())
    assert run.error_count == 1 and "BioTrack refused the company credentials" in run.errors
    page = plain(client.get(PAGE))
    assert "Invalid" in page and "Add company BioTrack API credentials in step 2 first" in page
    assert resync_licenses(world.b.org, utcnow()).errors == "No BioTrack UBI is set (step 1)."
