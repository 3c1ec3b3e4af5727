"""In a real browser, the seed's steps 1 → 1a → 2 → 3 of Settings > Integrations > BioTrack."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from tests.fixtures.integration import authorize_store
from webapp import demo

PER_VENDOR = re.compile("^Create one company per BioTrack vendor in the state")


def test_seed_002_ubi_vendor_preference_credentials_license_sync(app, sandbox, live_server,
                                                                  page):
    """UBI, preview and create companies, company credentials, then sync NY-RET-000103."""
    org = demo.seed()
    # The store is connected already (seed 001), so the vendor list can be read in step 1a.
    authorize_store(sandbox, next(loc for loc in org.locations if loc.name == "Downtown"))
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Company BioTrack setup").click()
    expect(page.get_by_role("heading", name="BioTrack", exact=True)).to_be_visible()
    steps = page.locator("#biotrack-steps")  # outcomes are also copied to the live region
    step_2 = page.locator("#step-credentials")
    expect(step_2).to_contain_text("Set the BioTrack UBI in step 1 first.")

    # 1. BioTrack UBI
    page.get_by_role("textbox", name="BioTrack UBI").fill("600123456")
    page.get_by_role("button", name="Save UBI").click()
    expect(steps.get_by_text("BioTrack UBI saved: 600123456.")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("BioTrack UBI saved: 600123456.")
    page.get_by_role("button", name="Change UBI").click()
    dialog = page.get_by_role("dialog", name="Change the BioTrack UBI?")
    expect(dialog).to_contain_text("Company BioTrack API credentials sign in with it")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()

    # a. How companies are created: preview, choose, create
    page.get_by_role("button", name="Preview").click()
    expect(steps.get_by_text("Nothing has been saved.")).to_be_visible()
    expect(page.locator("[data-preview=per_vendor]")).to_contain_text(
        "12 companies with 15 licenses")
    expect(page.locator("[data-preview=per_license]")).to_contain_text("15 companies")
    page.get_by_role("radio", name=PER_VENDOR).check()
    page.get_by_role("button", name="Save preference").click()
    expect(steps.get_by_text("Preference saved")).to_be_visible()
    page.get_by_role("button", name="Create companies").click()
    expect(steps.get_by_text("Companies refreshed from BioTrack: 12 created, 0 updated, "
                             "4 skipped, 0 errors.")).to_be_visible()
    expect(page.get_by_role("radio", name=PER_VENDOR)).to_be_disabled()

    # 2. Company BioTrack API credentials
    page.get_by_role("button", name="Add Company BioTrack API Credentials").click()
    page.get_by_label("Description").fill("Back office")
    page.get_by_label("BioTrack Username").fill("biotrack-admin@demo.test")
    page.get_by_label("BioTrack Password").fill("bt-admin-pass")
    page.get_by_role("button", name="Create", exact=True).click()
    row = step_2.get_by_role("row", name=re.compile("^Back office"))
    expect(row).to_contain_text("biotrack-admin@demo.test")
    expect(row).to_contain_text("Valid")
    expect(page.locator("body")).not_to_contain_text("bt-admin-pass")

    # 3. Sync BioTrack licenses
    licenses = page.get_by_label("BioTrack License Number")
    expect(licenses.locator("option[value='NY-RET-000101']")).to_be_disabled()
    licenses.select_option("NY-RET-000103")
    name = page.get_by_role("textbox", name="Name", exact=True)
    expect(name).to_have_value("Demo Dispensary Midtown")  # BioTrack's name, filled in
    name.fill("Midtown")
    page.get_by_label("OCM license number").fill("OCM-RETL-24-000103")
    page.get_by_label("Default intake location").check()
    expect(page.get_by_label("Report sales from this location")).to_be_checked()
    page.get_by_role("button", name="Create License").click()
    expect(steps.get_by_text("License NY-RET-000103 synced: store “Midtown” was created in "
                             "Organization Management.")).to_be_visible()
    expect(page.get_by_label("BioTrack License Number").locator(
        "option[value='NY-RET-000103']")).to_be_disabled()

    page.get_by_role("link", name="Organization Management").click()
    store = page.get_by_role("row", name=re.compile("^Midtown"))
    expect(store).to_contain_text("NY-RET-000103")
    expect(store).to_contain_text("OCM-RETL-24-000103")
    expect(store).to_contain_text("Default intake")
