"""In a real browser: choose who is told about a store, and send a failed e-mail again."""
import re

from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from webapp import demo
from webapp.extensions import db
from webapp.mail import queue_email
from webapp.models import Organization
from webapp.models.mail import FAILED


def test_admin_adds_and_removes_an_extra_address(app, live_server, page):
    """Config Page > Notifications: a typo explained, the address added, then removed."""
    demo.seed()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.goto(f"{live_server.url}/config/notifications/")
    expect(page.get_by_role("heading", name="Who is told about Downtown")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True).first).to_be_visible()

    page.get_by_label("E-mail address").fill("compliance at demo.test")
    page.get_by_role("button", name="Add address").click()
    expect(page.get_by_text("Enter a valid e-mail address")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("compliance at demo.test")

    page.get_by_label("E-mail address").fill("compliance@demo.test")
    page.get_by_role("button", name="Add address").click()
    expect(page.get_by_role("row", name=re.compile("compliance@demo.test"))).to_be_visible()
    expect(page.locator("#announcer")).to_have_text(
        "compliance@demo.test will get the notifications of Downtown.")
    expect(page.get_by_label("E-mail address")).to_have_value("")

    page.get_by_role("button", name="Remove compliance@demo.test").click()
    dialog = page.get_by_role("dialog", name="Remove compliance@demo.test?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("No extra addresses.")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text(
        "compliance@demo.test no longer gets the notifications of Downtown.")


def test_admin_retries_a_failed_email_from_the_log(app, live_server, page):
    """E-mail log: Retry turns the failed row into a queued one, and says so."""
    org = demo.seed()
    message = queue_email(to=["gone@demo.test"], subject="Renew Downtown",
                          template="expiry_warning", context={},
                          organization_id=db.session.get(Organization, org.id).id)[0]
    message.status, message.last_error = FAILED, "550 5.1.1 No such mailbox"
    db.session.commit()
    sign_in(page, live_server.url, "admin@demo.test", "demo-admin")
    page.get_by_role("link", name="E-mail log").click()
    row = page.get_by_role("row", name=re.compile("gone@demo.test"))
    expect(row).to_contain_text("Failed")
    expect(row).to_contain_text("550 5.1.1 No such mailbox")
    row.get_by_role("button", name="Retry the e-mail to gone@demo.test").click()
    expect(row).to_contain_text("Queued")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(page.locator("#announcer")).to_have_text("The e-mail to gone@demo.test is queued again.")
