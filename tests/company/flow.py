"""Driving Settings > Integrations > BioTrack with the test client, as HTMX would."""
import html
import re

from tests.fixtures.app import csrf_token
from tests.fixtures.integration import authorize_store
from tests.fixtures.sandbox import DEMO

PAGE = "/settings/integrations/biotrack"
HX = {"HX-Request": "true"}
ADMIN = {"username": DEMO["admin"][0], "password": DEMO["admin"][1]}
CLERK = {"username": DEMO["clerk"][0], "password": DEMO["clerk"][1]}


def text_of(response) -> str:
    """A response's HTML with entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def plain(response) -> str:
    """A response's visible text, whitespace collapsed (for sentences spread over lines)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def hx_get(client, path):
    """An HTMX GET."""
    return client.get(path, headers=HX)


def hx_post(client, path, data=None):
    """An HTMX POST with the CSRF header, as htmx sends it."""
    headers = dict(HX, **{"X-CSRFToken": csrf_token(client, PAGE)})
    return client.post(path, data=data or {}, headers=headers)


def set_ubi(client, ubi=DEMO["ubi"], confirm=False):
    """Step 1: Save UBI (or Change UBI, confirmed)."""
    data = {"ubi": ubi}
    if confirm:
        data["confirm"] = "yes"
    return hx_post(client, f"{PAGE}/ubi", data)


def set_mode(client, mode):
    """Step 1a: Save preference."""
    return hx_post(client, f"{PAGE}/vendor-mode", {"mode": mode})


def create_companies(client):
    """Step 1a: Create companies (or Refresh companies now)."""
    return hx_post(client, f"{PAGE}/companies/refresh")


def add_credentials(client, description="Back office", license="", **account):
    """Step 2: Add Company BioTrack API Credentials, then Create."""
    values = dict(ADMIN, **account)
    return hx_post(client, f"{PAGE}/credentials/new", {
        "description": description, "username": values["username"],
        "password": values["password"], "sign_in_license": license})


def ready(client, sandbox, tenant, mode="per_vendor", connect_store=True):
    """Steps 1 and 1a done; a store connected so the vendor list can be read."""
    set_ubi(client)
    set_mode(client, mode)
    if connect_store:
        authorize_store(sandbox, tenant.downtown)
