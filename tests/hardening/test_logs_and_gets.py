"""OAuth secrets never reach a log; a GET never changes the signed-in user's store."""
import logging

import requests

from tests.fixtures.app import CSRF_RE, login
from tests.fixtures.world import PASSWORD
from webapp.log_redaction import redact

CODE, STATE = "AUTHCODE-s3cr3t-1234", "STATE-s3cr3t-5678"


def test_the_dev_servers_access_log_keeps_no_code_or_state(live_server, world, caplog):
    """The callback's request line, a sign-in redirect's ?next= and the referer are redacted."""
    callback = f"{live_server.url}/config/integration/callback?code={CODE}&state={STATE}"
    with caplog.at_level(logging.INFO):
        anonymous = requests.get(callback, timeout=10)  # redirected to sign in, next=...
        signed_in = requests.Session()
        match = CSRF_RE.search(signed_in.get(f"{live_server.url}/login", timeout=10).text)
        token = match.group(1) or match.group(2)
        signed_in.post(f"{live_server.url}/login", timeout=10, data={
            "email": world.a.admin.email, "password": PASSWORD, "csrf_token": token})
        signed_in.get(callback, timeout=10)
        signed_in.get(f"{live_server.url}/", headers={"Referer": callback}, timeout=10)
    assert anonymous.status_code == 200 and "/login" in anonymous.url
    # One line per request: the app's own (webapp.request), or the server's if it logs one.
    access = [r.getMessage() for r in caplog.records if r.name in ("werkzeug", "webapp.request")]
    assert any("/config/integration/callback" in line for line in access), access
    everything = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert CODE not in everything and STATE not in everything


def test_redaction_keeps_other_parameters():
    """Only code and state values go; names that merely end in 'code' stay."""
    assert redact("/x?postcode=12207&state=abc&page=2") == \
        "/x?postcode=12207&state=[redacted]&page=2"
    assert redact("next=%2Fcb%3Fcode%3Dq1%26state%3Dq2") == \
        "next=%2Fcb%3Fcode%3D[redacted]%26state%3D[redacted]"


def test_a_link_naming_a_store_does_not_switch_the_saved_store(client, world):
    """GET /config/integration/?location=<Uptown> shows Uptown; the user still works in Downtown."""
    login(client, world.a.admin.email, PASSWORD)
    page = client.get(f"/config/integration/?location={world.a.uptown.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "BioTrack integration for <strong>Uptown</strong>" in html
    assert "you are still working in Downtown" in html
    home = client.get("/").get_data(as_text=True)
    assert "Store:</span> <strong>Downtown</strong>" in home


def test_a_link_to_another_organizations_store_is_not_found(client, world):
    """The named store must be one of the user's own."""
    login(client, world.a.admin.email, PASSWORD)
    assert client.get(f"/config/integration/?location={world.b.uptown.id}").status_code == 404
