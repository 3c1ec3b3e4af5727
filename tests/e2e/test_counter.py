"""In a real browser: a clerk records a sale at the counter by typing barcodes."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from tests.delivery.helpers import drain_until_settled, link_clerk


def _scan(page, barcode):
    """Type a barcode into the scan field and press Enter, as a scanner does."""
    scan = page.get_by_label("Scan or type a barcode")
    scan.fill(barcode)
    scan.press("Enter")
    expect(scan).to_have_value("")


def test_clerk_records_a_three_item_sale_by_typing_barcodes(app, sandbox, world, live_server,
                                                             page):
    authorize_store(sandbox, world.a.downtown)
    link_clerk(world)
    sign_in(page, live_server.url, world.a.clerk.email, PASSWORD)
    page.get_by_label("Store").select_option(label="Downtown")
    page.get_by_role("link", name="Record an action").click()
    page.get_by_role("link", name="Sale").click()

    page.get_by_role("button", name="Record sale").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing to record yet: add at least one item")

    for barcode in ("6001234560000001", "6001234560000002", "6001234560000004"):
        _scan(page, barcode)
    lines = page.locator("[data-line]")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text("Blue Dream Flower 3.5g")
    expect(lines.nth(1)).to_contain_text("Sour Diesel Pre-Roll 1g")
    expect(lines.nth(2)).to_contain_text("OG Kush Flower 7g")
    expect(page.get_by_label("Scan or type a barcode")).to_be_focused()  # ready for the next one

    for n, price in enumerate(("25", "12.50", "60")):
        lines.nth(n).get_by_label("Line price").fill(price)
    expect(page.locator("[data-total]")).to_have_text("$97.50")
    lines.nth(0).get_by_label("Quantity").fill("20000")
    expect(lines.nth(0).get_by_text("Only 10000 each left in BioTrack.")).to_be_visible()
    lines.nth(0).get_by_label("Quantity").fill("2")
    expect(lines.nth(0).get_by_text("Only 10000 each left in BioTrack.")).to_be_hidden()

    page.get_by_role("button", name="Remove Sour Diesel Pre-Roll 1g").click()
    expect(lines).to_have_count(2)
    expect(page.locator("#announcer")).to_contain_text("Removed Sour Diesel Pre-Roll 1g")
    expect(page.locator("[data-total]")).to_have_text("$85.00")
    page.get_by_role("button", name="Record sale").click()
    expect(page.get_by_role("status").filter(has_text="recorded; it is being reported")).to_be_visible()

    drain_until_settled()
    page.reload()
    row = page.get_by_role("row", name=re.compile("Sale"))
    expect(row).to_contain_text("Delivered")
    expect(row).to_contain_text("clerk@demo.test (you)")
    sold = {e["request"]["Items"][0]["Barcode"]: e for e in sandbox.ledger("NY-RET-000101")}
    assert list(sold) == ["6001234560000001"] and sold["6001234560000001"]["username"] == "clerk@demo.test"
