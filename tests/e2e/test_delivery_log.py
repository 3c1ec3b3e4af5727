"""In a real browser: the delivery log of a busy store, and its bulk step."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from tests.fixtures.integration import authorize_store
from tests.delivery.helpers import delivery_of, drain_until_settled, sale
from webapp import demo
from webapp.extensions import db
from webapp.models import AuditEvent, Location, User

BAD_ITEM = [{"barcode": "6001234569999999", "quantity": 1, "price": 5}]


def test_admin_selects_three_failed_reports_and_retries_them_in_one_step(
        app, live_server, sandbox, page):
    """Failed in the filter bar, three rows ticked, one confirmed step; the fourth stays."""
    demo.seed()
    store = db.session.query(Location).filter_by(name="Downtown").one()
    admin = db.session.query(User).filter_by(email="admin@demo.test").one()
    authorize_store(sandbox, store)
    failed = [sale(store, admin, f"F-{n}", items=BAD_ITEM) for n in range(4)]
    drain_until_settled()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.goto(f"{live_server.url}/reports")
    page.get_by_role("navigation", name="Reports by status").get_by_role(
        "link", name=re.compile(r"^Failed 4$")).click()
    for n in range(3):
        page.get_by_label(f"Sale F-{n}", exact=True).check()
    expect(page.get_by_text("3 selected on this page.")).to_be_visible()
    page.get_by_role("button", name="Retry selected").click()
    dialog = page.get_by_role("dialog", name="Retry 3 reports?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Retry reports").click()
    expect(page.get_by_role("status").filter(has_text="3 reports will be retried now.")
           ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Sale F-3"))).to_contain_text("Failed")
    assert [delivery_of(a).status for a in failed] == ["queued"] * 3 + ["failed"]
    event = db.session.query(AuditEvent).filter_by(action="report.bulk_retried").one()
    assert event.details["count"] == 3 and event.actor_id == admin.id


def test_a_row_is_one_line_with_its_details_on_expand(app, live_server, sandbox, page):
    """What, who, as whom, status, when on the row; the error behind Details."""
    demo.seed()
    store = db.session.query(Location).filter_by(name="Downtown").one()
    admin = db.session.query(User).filter_by(email="admin@demo.test").one()
    authorize_store(sandbox, store)
    sale(store, admin, "F-9", items=BAD_ITEM)
    drain_until_settled()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.goto(f"{live_server.url}/reports")
    row = page.get_by_role("row", name=re.compile("Sale F-9"))
    expect(row).to_contain_text("Avery Admin")
    error = row.get_by_text(re.compile("BioTrack refused it"))
    expect(error).to_be_hidden()
    row.get_by_text("Details").click()
    expect(error).to_be_visible()
    expect(row.get_by_role("link", name="Open Sale F-9")).to_be_visible()
