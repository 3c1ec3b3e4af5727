"""The delivery log: filters, CSV, the report page and its fixes, dashboard tiles, banners."""
import csv
import io
import re

from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of
from tests.delivery.helpers import (delivery_of, drain_until_settled, link_clerk,
                                              sale)
from webapp.extensions import db
from webapp.models import AuditEvent


def _world_with_history(sandbox, world):
    """A delivered sale as the clerk's own account, a failed one, and one needing attention."""
    authorize_store(sandbox, world.a.downtown)
    link_clerk(world)
    good = sale(world.a.downtown, world.a.clerk, "S-GOOD")
    bad = sale(world.a.downtown, world.a.admin, "S-BAD", items=[
        {"barcode": "6001234569999999", "quantity": 1, "price": 5}])
    drain_until_settled()
    sandbox.set_password("clerk@demo.test", "changed-later-1")
    waiting = sale(world.a.downtown, world.a.clerk, "S-WAIT")
    drain_until_settled()
    return good, bad, waiting


def test_log_shows_as_whom_and_why_with_filters(app, client, sandbox, world):
    """Each row: performer, reported as (linked/default and why), status, attempts, id."""
    good, bad, waiting = _world_with_history(sandbox, world)
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get("/reports"))
    assert "S-GOOD" in page and "S-BAD" in page and "S-WAIT" in page
    assert "clerk@demo.test <span class=\"muted\">(linked account)</span>" in page
    assert "the performer's linked BioTrack account" in text_of(client.get(f"/reports/{good.id}"))
    assert delivery_of(good).biotrack_id in page
    failed = text_of(client.get("/reports?status=failed"))
    assert "S-BAD" in failed and "S-GOOD" not in failed
    mine = text_of(client.get(f"/reports?user={world.a.clerk.id}"))
    assert "S-BAD" not in mine and "S-WAIT" in mine
    assert "S-GOOD" not in text_of(client.get("/reports?from=2000-01-01&to=2000-01-02"))


def test_csv_export_follows_the_filters(app, client, sandbox, world):
    """CSV with one row per action, times in the store's zone."""
    _world_with_history(sandbox, world)
    login(client, world.a.admin.email, PASSWORD)
    response = client.get("/reports.csv?status=delivered")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["external_id"] for r in rows] == ["S-GOOD"]
    assert rows[0]["reported_as"] == "clerk@demo.test" and rows[0]["credential_source"] == "linked"
    assert re.search(r" E[SD]T$", rows[0]["performed_at"])


def test_correct_and_resend_from_the_page(app, client, sandbox, world):
    """A failed sale is corrected on its page and delivered as a new revision."""
    _, bad, _ = _world_with_history(sandbox, world)
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get(f"/reports/{bad.id}"))
    assert "BioTrack refused it" in page and "Correct and re-send" in page
    form = client.get(f"/reports/{bad.id}/correct").get_data(as_text=True)
    assert 'value="6001234569999999"' in form
    external = re.search(r'name="external_id" type="hidden" value="([^"]*)"', form)
    response = post(client, f"/reports/{bad.id}/correct", {
        "external_id": external.group(1) if external else "", "customer_type": "recreational",
        "items-0-barcode": "6001234560000004", "items-0-quantity": "1", "items-0-price": "5"},
        page=f"/reports/{bad.id}/correct")
    assert response.status_code == 302
    drain_until_settled()
    delivery = delivery_of(bad)
    assert delivery.status == "delivered" and delivery.revision == 2
    assert db.session.query(AuditEvent).filter_by(action="report.corrected").count() == 1


def test_send_as_default_needs_config_page_and_is_audited(app, client, sandbox, world):
    """A reports-only user cannot choose it; an admin can, through the dialog's form."""
    from tests.fixtures.world import make_user
    _, _, waiting = _world_with_history(sandbox, world)
    viewer = make_user(world.a.org, "viewer@a.test", permissions={"view_reports"},
                       locations=[world.a.downtown])
    db.session.commit()
    login(client, viewer.email, PASSWORD)
    assert "Send as default user" not in text_of(client.get(f"/reports/{waiting.id}"))
    assert post(client, f"/reports/{waiting.id}/send-as-default").status_code == 403
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get(f"/reports/{waiting.id}"))
    assert 'role' not in page or "Send as the default user?" in page
    assert post(client, f"/reports/{waiting.id}/send-as-default").status_code == 302
    drain_until_settled()
    assert delivery_of(waiting).credential_source == "default"


def test_tiles_and_banners(app, client, sandbox, world):
    """The dashboard counts; the performer is told their action waits on their credential."""
    _world_with_history(sandbox, world)
    login(client, world.a.admin.email, PASSWORD)
    home = text_of(client.get("/"))
    assert re.search(r'tile-value">1</span>\s*<span class="tile-label">Need attention', home)
    assert re.search(r'tile-value">1</span>\s*<span class="tile-label">Failed', home)
    assert re.search(r'tile-value">1</span>\s*<span class="tile-label">Delivered today', home)
    login(client, world.a.clerk.email, PASSWORD)
    clerk_home = text_of(client.get("/"))
    assert "1 of your actions could not be reported to BioTrack as you" in clerk_home
    assert "Needs attention" in text_of(client.get("/actions"))
