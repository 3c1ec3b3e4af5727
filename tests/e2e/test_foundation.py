"""In a real browser: sign in, switch store, add a store, fixing a bad license number."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from webapp import demo


def test_admin_switches_store_and_adds_a_store(app, live_server, page):
    """The demo admin's first minutes, as a person would click them."""
    demo.seed()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Downtown")

    page.get_by_label("Store").select_option(label="Uptown")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uptown")
    expect(page.get_by_role("status").filter(has_text="Now working in Uptown.")).to_be_visible()

    page.get_by_role("link", name="Stores").click()
    page.get_by_role("link", name="Add store").click()
    page.get_by_label("Store name").fill("Midtown")
    page.get_by_label("BioTrack license number").fill("NY RET 103!")
    page.get_by_label("OCM license number").fill("OCM-RETL-24-000103")
    page.get_by_role("button", name="Save store").click()
    expect(page.get_by_text("Use 4 to 40 letters, digits and dashes")).to_be_visible()
    expect(page.get_by_label("Store name")).to_have_value("Midtown")
    expect(page.get_by_label("BioTrack license number")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("BioTrack license number").fill("NY-RET-000103")
    page.get_by_role("button", name="Save store").click()
    expect(page.get_by_role("status").filter(has_text="Store “Midtown” saved.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Midtown"))
    expect(row).to_contain_text("NY-RET-000103")
    expect(row).to_contain_text("OCM-RETL-24-000103")
    expect(page.get_by_label("Store").locator("option", has_text="Midtown")).to_have_count(1)
