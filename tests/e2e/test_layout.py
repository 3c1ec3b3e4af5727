"""In a real browser on a phone-sized screen: the menu folds behind a Menu button."""
from playwright.sync_api import expect

from tests.fixtures.browser import sign_in
from tests.fixtures.world import PASSWORD


def test_narrow_screen_has_a_menu_button(app, world, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        sign_in(page, live_server.url, world.a.clerk.email, PASSWORD)
        main_nav = page.get_by_role("navigation", name="Main")
        record = main_nav.get_by_role("link", name="Record an action")
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(record).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        record.click()
        expect(page.get_by_role("heading", name="Record an action")).to_be_visible()
        expect(record).to_be_hidden()  # a new page starts folded again
    finally:
        context.close()


def test_wide_screen_shows_the_sidebar_without_a_button(app, world, live_server, page):
    sign_in(page, live_server.url, world.a.clerk.email, PASSWORD)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Record an action")).to_be_visible()
