"""axe-core on every main page, as an admin and as a clerk, with banners, badges and errors
showing: no serious or critical violation anywhere."""
from datetime import timedelta

from tests.e2e.axe import violations
from tests.fixtures.browser import sign_in
from tests.fixtures.expiry import grant
from tests.fixtures.world import PASSWORD
from tests.delivery.helpers import sale
from webapp.extensions import db
from webapp.models import OutboxMessage, StockItem, StockSnapshot, utcnow

ADMIN_PAGES = [
    "/", "/actions", "/actions/new/refund", "/actions/new/adjustment",
    "/actions/new/receiving", "/actions/new/invoice_payment", "/reports", "/reports/{action}",
    "/biotrack/users", "/biotrack/onboarding", "/config/notifications/", "/notifications/",
    "/settings/integrations/biotrack", "/settings/companies", "/admin/roles",
    "/admin/roles/new", "/admin/locations", "/admin/locations/new", "/admin/users",
    "/admin/users/new", "/admin/audit", "/email/", "/account/", "/account/credentials",
    "/account/credentials/new",
]
CLERK_PAGES = ["/", "/actions", "/actions/new/refund", "/account/", "/account/credentials",
               "/account/credentials/new"]


def _states(world):
    """Downtown expiring (a warning banner), Uptown expired (an alert banner); reports in
    every status; a failed e-mail; Downtown's inventory read."""
    now = utcnow()
    grant(world.a.downtown, expires_at=now + timedelta(days=10))
    grant(world.a.uptown, expires_at=now - timedelta(days=1))
    actions = [sale(world.a.downtown, world.a.admin, f"S-{n}") for n in range(4)]
    for action, status in zip(actions, ("failed", "needs_attention", "delivered", "retrying")):
        action.delivery.status = status
        action.delivery.last_error = None if status == "delivered" else "BioTrack refused it."
    db.session.add(OutboxMessage(organization_id=world.a.org.id, recipient="x@a.test",
                                 subject="Warning", template="t", body_text="x", body_html="x",
                                 message_id="<1@a.test>", status="failed", last_error="550 no"))
    db.session.add(StockSnapshot(organization_id=world.a.org.id, location_id=world.a.downtown.id,
                                 refreshed_at=now, attempted_at=now, item_count=1))
    db.session.add(StockItem(organization_id=world.a.org.id, location_id=world.a.downtown.id,
                             barcode="6001234560000001", product="Blue Dream Flower 3.5g",
                             quantity="3", uom="each"))
    db.session.commit()
    return actions[0].id


def _choose_store(page, name):
    """Pick the store in the selector and wait for the page it reloads."""
    with page.expect_navigation():
        page.get_by_label("Store").select_option(label=name)


def _visit(page, url, name) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return violations(page, name)


def _counter(page, base) -> list[str]:
    """The sale form with a line over what is left, a bad barcode, and the empty-sale error."""
    found = []
    page.goto(f"{base}/actions/new/sale")
    page.get_by_role("button", name="Record sale").click()
    found += violations(page, "sale: empty submission")
    scan = page.get_by_label("Scan or type a barcode")
    scan.fill("6001234560000001")
    scan.press("Enter")
    page.locator("[data-line]").first.get_by_label("Quantity").fill("5")
    scan.fill("123")
    scan.press("Enter")
    page.locator("#scan-error").wait_for()
    return found + violations(page, "sale: a line over stock, a bad barcode")


def test_no_serious_or_critical_violation_on_any_main_page(app, world, live_server, browser):
    action_id = _states(world)
    base, found = live_server.url, []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("nobody@a.test")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    found += violations(page, "login with an error")
    sign_in(page, base, world.a.admin.email, PASSWORD)
    _choose_store(page, "Downtown")
    for path in ADMIN_PAGES:
        found += _visit(page, base + path.format(action=action_id), f"admin {path}")
    page.goto(f"{base}/config/integration/")
    page.get_by_text("BioTrack Access: User Credentials").click()
    found += violations(page, "admin integration (expiring)")
    page.get_by_role("button", name="Test connection").click()
    page.locator(".test-result").wait_for()
    found += violations(page, "admin integration after a failed test")
    page.goto(f"{base}/config/api-tokens")
    page.get_by_label("Name").fill("Register 1")
    page.get_by_role("button", name="Create token").click()
    found += violations(page, "admin api tokens with a new token")
    found += _counter(page, base)
    _choose_store(page, "Uptown")
    page.goto(f"{base}/config/integration/")
    page.get_by_text("BioTrack Access: User Credentials").click()
    found += violations(page, "admin integration (expired)")
    found += _visit(page, f"{base}/", "admin dashboard (expired store)")
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    sign_in(page, base, world.a.clerk.email, PASSWORD)
    page.get_by_role("button", name="Menu").click()
    found += violations(page, "clerk, narrow screen, menu open")
    _choose_store(page, "Downtown")
    for path in CLERK_PAGES:
        found += _visit(page, base + path, f"clerk {path}")
    found += _counter(page, base)
    context.close()
    assert found == [], "\n".join(found)
