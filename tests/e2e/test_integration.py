"""In a real browser, exactly the seed's steps: first connection, renewal, deactivation."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from webapp import demo

CONSENT_ROWS = {"Company": "TraceBridge Inc", "Application": "TraceBridge", "UBI": "600123456",
                "Access Type": "Integrator", "Location": "NY-RET-000101", "Resource": "*",
                "Operation": "read_write"}


def _grant_in(consent):
    """Check the consent screen's rows, fill its three inputs and press Grant Access."""
    consent.wait_for_url(re.compile(r"/oauth/authorize"))
    for name, value in CONSENT_ROWS.items():
        expect(consent.get_by_role("row", name=re.compile(f"^{re.escape(name)}"))).to_contain_text(
            value)
    consent.get_by_label("UBI").fill("600123456")
    consent.get_by_label("Username").fill("biotrack-admin@demo.test")
    consent.get_by_label("Password").fill("bt-admin-pass")
    consent.get_by_role("button", name="Grant Access").click()
    expect(consent.get_by_text("BioTrack access granted")).to_be_visible()


def test_seed_001_first_connection_renew_deactivate(app, sandbox, live_server, context, page):
    """Log in, select the store, Config Page > Integration, register, grant, renew, deactivate."""
    demo.seed()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.get_by_label("Store").select_option(label="Downtown")
    page.get_by_role("link", name="Config Page").click()
    page.get_by_role("navigation", name="Config Page").get_by_role("link", name="Integration").click()
    page.get_by_text("BioTrack Access: User Credentials").click()
    page.get_by_role("button", name="Register User Credentials").click()

    page.get_by_label("UBI").fill("600123456")
    page.get_by_label("License").fill("NY-RET-000101")
    page.get_by_label("Username").fill("biotrack-admin@demo.test")
    page.get_by_label("Password").fill("bt-admin-pass")
    with context.expect_page() as opened:
        page.get_by_role("button", name="Link BioTrack Account").click()
    expect(page.get_by_role("status").filter(has_text="Waiting for BioTrack")).to_be_visible()
    consent = opened.value
    _grant_in(consent)

    # Back in the first tab, without a reload, the dates appear.
    created = page.locator("[data-field=created-at]")
    expect(created).to_be_visible(timeout=8000)
    expect(page.get_by_text("Expiration Date")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Waiting for BioTrack")).to_have_count(0)
    first_created = created.inner_text()
    assert re.search(r"\d{4}, \d{1,2}:\d\d [AP]M E[SD]T", first_created)

    sandbox.move_clock(days=30)
    with context.expect_page() as opened:
        page.get_by_role("button", name="Renew").click()
    _grant_in(opened.value)
    expect(page.get_by_role("button", name="Renew")).to_be_visible(timeout=8000)
    expect(created).not_to_have_text(first_created)

    page.get_by_role("button", name="Deactivate").click()
    dialog = page.get_by_role("dialog", name="Deactivate these credentials?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_visible()
    dialog.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("button", name="Register User Credentials")).to_be_visible()
    expect(page.get_by_text("Previous credentials (1)")).to_be_visible()
