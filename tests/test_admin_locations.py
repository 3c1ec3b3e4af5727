"""Organization Management: stores and their two license numbers."""
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, Location


def _save(client, data, path="/admin/locations/new"):
    """Submit the store form."""
    form = {"name": "Midtown", "biotrack_license": "NY-RET-000103", "ocm_license": "",
            "time_zone": "America/New_York"}
    form.update(data)
    return post(client, path, form, page=path)


def test_create_store_with_both_licenses(client, world):
    """A valid store is saved (license upper-cased), audited, and the creator can use it."""
    login(client, world.a.admin.email, PASSWORD)
    response = _save(client, {"biotrack_license": " ny-ret-000103 ",
                              "ocm_license": "OCM-RETL-24-000103"})
    assert response.status_code == 302
    store = db.session.scalar(select(Location).where(Location.name == "Midtown"))
    assert store.biotrack_license == "NY-RET-000103" and store.ocm_license == "OCM-RETL-24-000103"
    assert store.organization_id == world.a.org.id
    listing = client.get("/admin/locations").get_data(as_text=True)
    assert "Midtown" in listing and "NY-RET-000103" in listing
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "location.created"))
    assert event.actor_id == world.a.admin.id and event.location_id == store.id
    assert "Midtown" in client.get("/").get_data(as_text=True)  # in the store selector


def test_bad_license_number_is_explained_and_input_kept(client, world):
    """A malformed license gets a message on its field; the other fields keep their values."""
    login(client, world.a.admin.email, PASSWORD)
    html = _save(client, {"biotrack_license": "NY RET 01!"}).get_data(as_text=True)
    assert "Use 4 to 40 letters, digits and dashes" in html
    assert 'value="Midtown"' in html and 'value="NY RET 01!"' in html
    assert db.session.scalar(select(Location).where(Location.name == "Midtown")) is None


def test_license_and_name_unique_within_the_organization(client, world):
    """Two stores cannot share a BioTrack license or a name; other tenants may."""
    login(client, world.a.admin.email, PASSWORD)
    html = _save(client, {"biotrack_license": world.a.downtown.biotrack_license}).get_data(
        as_text=True)
    assert "Another store already uses this BioTrack license." in html
    html = _save(client, {"name": "downtown"}).get_data(as_text=True)
    assert "Another store already has this name." in html
    login(client, world.b.admin.email, PASSWORD)
    assert _save(client, {"name": "Midtown", "biotrack_license": "NY-RET-000103"}
                 ).status_code == 302


def test_edit_store(client, world):
    """Editing keeps the store, changes its details and audits the before/after."""
    login(client, world.a.admin.email, PASSWORD)
    path = f"/admin/locations/{world.a.uptown.id}"
    assert _save(client, {"name": "Uptown", "biotrack_license": "NY-RET-000199",
                          "time_zone": "America/Chicago"}, path=path).status_code == 302
    db.session.expire_all()
    assert world.a.uptown.biotrack_license == "NY-RET-000199"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "location.updated"))
    assert event.details["before"]["biotrack_license"] == "NY-RET-000102"


def test_other_tenants_store_is_not_found(client, world):
    """An id of another organization is a 404, for reading and writing."""
    login(client, world.b.admin.email, PASSWORD)
    path = f"/admin/locations/{world.a.uptown.id}"
    assert client.get(path).status_code == 404
    assert _save(client, {"name": "Hijacked"}, path=path).status_code == 404
    db.session.expire_all()
    assert world.a.uptown.name == "Uptown"


def test_default_intake_location_is_one_per_organization(client, world):
    """Choosing a new default intake location replaces the previous one; sales toggles stick."""
    login(client, world.a.admin.email, PASSWORD)
    assert _save(client, {"default_intake": "y", "report_sales": "y"}).status_code == 302
    path = f"/admin/locations/{world.a.uptown.id}"
    form = {"name": "Uptown", "biotrack_license": "NY-RET-000102", "time_zone":
            "America/New_York", "default_intake": "y"}
    assert post(client, path, form, page=path).status_code == 302
    db.session.expire_all()
    defaults = db.session.scalars(select(Location.name).where(
        Location.organization_id == world.a.org.id, Location.default_intake.is_(True))).all()
    assert defaults == ["Uptown"]
    assert db.session.get(Location, world.a.uptown.id).report_sales is False
    assert db.session.scalar(select(Location).where(Location.name == "Midtown")).report_sales
    # Another organization keeps its own default.
    world.b.downtown.default_intake = True
    db.session.commit()
    html = client.get(path).get_data(as_text=True)
    assert "Default intake location" in html and "Report sales from this location" in html
