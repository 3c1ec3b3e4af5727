"""Driving Config Page > Integration with the test client, as the browser would."""
import html
import re
from urllib.parse import urlsplit

from tests.fixtures.app import csrf_token
from tests.fixtures.sandbox import DEMO

CONSENT_URL_RE = re.compile(r'data-consent-url="([^"]+)"')
ADMIN = {"ubi": DEMO["ubi"], "username": DEMO["admin"][0], "password": DEMO["admin"][1]}
HX = {"HX-Request": "true"}


def section_path(location, action="status"):
    """URL of one of the section's endpoints for a store."""
    return f"/config/integration/{location.id}/{action}"


def hx_post(client, path, data=None):
    """An HTMX POST with the CSRF header, as htmx sends it."""
    headers = dict(HX, **{"X-CSRFToken": csrf_token(client, "/config/integration/")})
    return client.post(path, data=data or {}, headers=headers)


def link(client, location, **overrides):
    """Fill Register User Credentials and press Link BioTrack Account; returns the response."""
    data = {"ubi": ADMIN["ubi"], "license": location.biotrack_license,
            "username": ADMIN["username"], "password": ADMIN["password"]}
    data.update(overrides)
    return hx_post(client, section_path(location, "register"), data)


def consent_url(response) -> str:
    """The consent URL the page hands to the new tab."""
    match = CONSENT_URL_RE.search(response.get_data(as_text=True))
    assert match, "no consent URL in the answer"
    return html.unescape(match.group(1))


def callback_path(location_header: str) -> str:
    """BioTrack's redirect, as a path the test client can follow."""
    parts = urlsplit(location_header)
    return f"{parts.path}?{parts.query}"


def grant(sandbox, url, **overrides) -> str:
    """Sign in on the consent screen and press Grant Access; returns our callback path."""
    values = dict(ADMIN)
    values.update(overrides)
    return callback_path(sandbox.grant_consent(url, **values))


def authorize_through_page(client, sandbox, location) -> str:
    """The whole first-time flow; returns the callback page's HTML."""
    url = consent_url(link(client, location))
    return client.get(grant(sandbox, url)).get_data(as_text=True)


def text_of(response) -> str:
    """A response's HTML with entities decoded, for plain-text assertions."""
    return html.unescape(response.get_data(as_text=True))
