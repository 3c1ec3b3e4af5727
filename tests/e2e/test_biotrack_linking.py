"""In a real browser: an admin creates the clerk's BioTrack user, the clerk links it, the admin
sees it linked."""
import re

from playwright.sync_api import expect
from sqlalchemy import delete

from tests.fixtures.browser import sign_in
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import BioTrackOwner


def test_admin_creates_clerk_links_admin_sees_it(app, sandbox, world, live_server, browser):
    """Onboarding > Create BioTrack user; Manage Account > Add Your BioTrack API Credentials; "linked by"."""
    authorize_store(sandbox, world.a.downtown, registered_by=world.a.admin)
    db.session.execute(delete(BioTrackOwner))  # this clerk has no BioTrack user yet
    db.session.commit()
    clerk = world.a.clerk
    admin_ctx, clerk_ctx = browser.new_context(), browser.new_context()
    for ctx in (admin_ctx, clerk_ctx):
        ctx.set_default_timeout(15_000)
    try:
        admin = admin_ctx.new_page()
        sign_in(admin, live_server.url, world.a.admin.email, PASSWORD)
        admin.get_by_role("link", name="Onboarding").click()
        row = admin.get_by_role("row", name=re.compile(re.escape(clerk.name)))
        expect(row).to_contain_text("Not linked: their actions are reported as the default user")
        row.get_by_role("link", name="Create BioTrack user").click()
        expect(admin.get_by_label("First name")).to_have_value("Demo")
        expect(admin.get_by_label("Last name")).to_have_value("Dispensary Clerk")
        expect(admin.get_by_label("Username (e-mail)")).to_have_value(clerk.email)
        expect(admin.get_by_label("NY-RET-000101 (Downtown)")).to_be_checked()
        admin.get_by_label("Set an initial password now").check()
        admin.get_by_label("Initial password", exact=True).fill("clerk-bt-pass-1")
        admin.get_by_role("button", name="Create BioTrack user").click()
        expect(admin.get_by_role("status").filter(
            has_text=f"BioTrack user {clerk.email} created.")).to_be_visible()

        page = clerk_ctx.new_page()
        sign_in(page, live_server.url, clerk.email, PASSWORD)
        page.get_by_text(f"{clerk.name}: account menu").click()
        page.get_by_role("link", name="Manage Account").click()
        page.get_by_role("navigation", name="Manage Account").get_by_role(
            "link", name="My BioTrack credentials").click()
        page.get_by_role("link", name="Add Your BioTrack API Credentials").click()
        expect(page.get_by_label("Traceability Provider")).to_have_value("biotrack")
        page.get_by_label("License").select_option(label="NY-RET-000101 (Downtown)")
        expect(page.get_by_label("Username")).to_have_value(clerk.email)
        page.get_by_label("Password").fill("wrong-password-1")
        page.get_by_role("button", name="Save Credential").click()
        expect(page.get_by_text(f"The password for {clerk.email} is wrong")).to_be_visible()
        expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
        page.get_by_label("Password").fill("clerk-bt-pass-1")
        page.get_by_role("button", name="Save Credential").click()
        expect(page.get_by_role("status").filter(
            has_text="BioTrack accepted your credentials")).to_be_visible()
        linked = page.get_by_role("row", name=re.compile("NY-RET-000101"))
        expect(linked).to_contain_text(clerk.email)
        expect(linked).to_contain_text("Valid")

        admin.get_by_role("link", name="BioTrack Users", exact=True).click()
        admin.get_by_label("Search").fill("clerk@a")
        entry = admin.get_by_role("row", name=re.compile("Demo Dispensary Clerk"))
        expect(entry).to_contain_text(f"linked by {clerk.name}")
        admin.get_by_role("link", name="Onboarding").click()
        expect(admin.get_by_role("row", name=re.compile(re.escape(clerk.email)))).to_have_count(0)
    finally:
        admin_ctx.close()
        clerk_ctx.close()
