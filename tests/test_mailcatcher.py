"""The development mail catcher of `make run`: SMTP in, a read-only page out."""
import signal
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import requests

from mailcatcher import smtp
from mailcatcher.store import MailStore
from mailcatcher.web import create_app
from tests.fixtures.smtp import free_port

ROOT = Path(__file__).resolve().parents[1]


def _send(port, to="owner@example.com", subject="Renew <now>"):
    """Send a two-part message to the catcher."""
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, "tb@example.com", to
    message.set_content("Plain words")
    message.add_alternative("<p>HTML <b>words</b><script>alert(1)</script></p>", subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as connection:
        connection.send_message(message, to_addrs=[to, "bcc@example.com"])


def test_caught_mail_is_listed_and_shown_safely(tmp_path):
    """Stored as .eml; the list links to it; the HTML is shown in a sandboxed frame."""
    store = MailStore(tmp_path)
    port = free_port()
    controller = smtp.start(store, port)
    try:
        _send(port)
    finally:
        controller.stop()
    assert len(list(tmp_path.glob("*.eml"))) == 1
    client = create_app(store).test_client()
    listing = client.get("/").get_data(as_text=True)
    assert "Renew &lt;now&gt;" in listing and "owner@example.com, bcc@example.com" in listing
    name = store.names()[0]
    page = client.get(f"/{name}")
    html = page.get_data(as_text=True)
    assert "Plain words" in html
    assert '<iframe title="HTML version of the e-mail" sandbox srcdoc="&lt;p&gt;HTML' in html
    assert "<script>" not in html
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/not-a-message.eml").status_code == 404


def test_catcher_process_serves_both_ports_and_stops_on_sigterm(tmp_path):
    """`python -m mailcatcher` catches, serves the page, and exits 0 on SIGTERM."""
    smtp_port, web_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mailcatcher", "--smtp-port", str(smtp_port),
         "--web-port", str(web_port), "--dir", str(tmp_path / "caught")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _send(smtp_port, subject="Hello catcher")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.1)
        page = requests.get(f"http://127.0.0.1:{web_port}/", timeout=10)
        assert "Hello catcher" in page.text
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
