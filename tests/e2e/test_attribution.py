"""In a real browser: a BioTrack account can only be linked by the employee it belongs to."""
import re

from playwright.sync_api import expect
from sqlalchemy import delete

from tests.fixtures.browser import sign_in
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import BioTrackOwner


def _try_to_link(page, base_url, username, password):
    """Manage Account > Traceability Credentials > + Add Credential, for Downtown."""
    page.goto(f"{base_url}/account/credentials/new")
    page.get_by_label("License").select_option(label="NY-RET-000101 (Downtown)")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Save Credential").click()


def test_nobody_borrows_an_identity_and_an_admin_assigns_it(app, sandbox, world, live_server,
                                                            browser):
    """Admin refused on the field; clerk refused until an admin assigns it; then it links."""
    authorize_store(sandbox, world.a.downtown, registered_by=world.a.admin)
    db.session.execute(delete(BioTrackOwner))  # clerk@demo.test is nobody's yet
    db.session.commit()
    clerk = world.a.clerk
    admin_ctx, clerk_ctx = browser.new_context(), browser.new_context()
    for ctx in (admin_ctx, clerk_ctx):
        ctx.set_default_timeout(15_000)
    try:
        admin = admin_ctx.new_page()
        sign_in(admin, live_server.url, world.a.admin.email, PASSWORD)
        _try_to_link(admin, live_server.url, "clerk@demo.test", "bt-clerk-pass")
        expect(admin.get_by_text("clerk@demo.test is not your BioTrack account")).to_be_visible()
        expect(admin.get_by_label("Username")).to_have_attribute("aria-invalid", "true")

        page = clerk_ctx.new_page()
        sign_in(page, live_server.url, clerk.email, PASSWORD)
        _try_to_link(page, live_server.url, "clerk@demo.test", "bt-clerk-pass")
        expect(page.get_by_text("Ask an admin to assign it to you in BioTrack Users")
               ).to_be_visible()

        admin.get_by_role("link", name="BioTrack Users", exact=True).click()
        admin.get_by_label("Search").fill("clerk@demo")
        admin.get_by_role("row", name=re.compile("clerk@demo.test")).get_by_role("link").first.click()
        admin.get_by_label("Belongs to").select_option(label=f"{clerk.name} ({clerk.email})")
        admin.get_by_role("button", name="Assign").click()
        expect(admin.get_by_role("status").filter(
            has_text=f"now belongs to {clerk.name}")).to_be_visible()

        _try_to_link(page, live_server.url, "clerk@demo.test", "bt-clerk-pass")
        expect(page.get_by_role("status").filter(
            has_text="BioTrack accepted your credentials")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("NY-RET-000101"))).to_contain_text(
            "clerk@demo.test")
    finally:
        admin_ctx.close()
        clerk_ctx.close()
