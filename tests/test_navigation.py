"""One name and one place per concept: the sidebar and the pages' tabs never reuse a label."""
import re

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of

LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def _links(html: str, nav_label: str | None = None) -> list[tuple[str, str]]:
    """(label, url) of the links in the main navigation, or in the tabs named nav_label."""
    if nav_label is None:
        html = html[html.index('aria-label="Main"'):html.index("</nav>")]
    else:
        start = html.index(f'aria-label="{nav_label}"')
        html = html[start:html.index("</nav>", start)]
    return [(label.strip(), url) for url, label in LINK.findall(html)]


def test_no_two_entries_share_a_label(client, world):
    """Sidebar, Config Page tabs and Manage Account tabs: a label always leads to one page."""
    login(client, world.a.admin.email, PASSWORD)
    links = (_links(text_of(client.get("/")))
             + _links(text_of(client.get("/config/integration/")), "Config Page")
             + _links(text_of(client.get("/account/")), "Manage Account"))
    places: dict[str, set] = {}
    for label, url in links:
        places.setdefault(label, set()).add(url)
    assert {label: urls for label, urls in places.items() if len(urls) > 1} == {}
    sidebar = [label for label, _ in _links(text_of(client.get("/")))]
    assert len(sidebar) == len(set(sidebar))
    assert "Company BioTrack setup" in sidebar and "Config Page" in sidebar
    assert "Notifications" not in sidebar and "Expiry warnings sent" in sidebar


def test_the_menu_button_is_there_for_narrow_screens(client, world):
    """The sidebar's body can fold behind a button that says what it controls."""
    login(client, world.a.clerk.email, PASSWORD)
    html = text_of(client.get("/"))
    assert ('<button type="button" class="menu-toggle" aria-expanded="false" '
            'aria-controls="sidebar-body" data-menu-toggle>Menu</button>') in html
    assert 'id="sidebar-body"' in html
