"""The sandbox under gunicorn with several workers shares one consistent state."""
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fixtures.sandbox import ROOT, Sandbox, server_environment, stop, wait_until_up
from webapp.biotrack import BioTrackClient

from .contract import ADMIN_DOWNTOWN, CLERK_DOWNTOWN, DOWNTOWN, now, sale

GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture(scope="module")
def gunicorn_sandbox(tmp_path_factory):
    if not GUNICORN.exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    folder = tmp_path_factory.mktemp("gunicorn")
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN if GUNICORN.exists() else shutil.which("gunicorn")), "-w", "4", "-b", "127.0.0.1:0",
             "--timeout", "30", "biotrack_sandbox:create_app()"],
            cwd=ROOT, env=server_environment(folder / "sandbox.sqlite3"), stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        def url_from(log_text):
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log_text)
            return match.group(1) if match else None

        url = wait_until_up(url_from, process, log_path)
        yield Sandbox(url, process, log_path)
    finally:
        stop(process)


def test_workers_share_state_and_refuse_duplicates(gunicorn_sandbox):
    sandbox = gunicorn_sandbox
    sandbox.reset()
    client = BioTrackClient(sandbox.url, sandbox.client_id, sandbox.client_secret, timeout=(2, 10))
    grant = sandbox.authorize(client)  # consent page and its form can land on different workers
    client.create_user(grant, ADMIN_DOWNTOWN, first_name="Multi", last_name="Worker", username="multi@demo.test",
                       is_admin=False, password="multi-pass-1")
    assert all(client.get_user(grant, ADMIN_DOWNTOWN, "multi@demo.test").active for _ in range(8))

    client.whoami(CLERK_DOWNTOWN)
    start = threading.Barrier(12)

    def report(request_id):
        start.wait()
        return client.report("sale", grant=grant, creds=CLERK_DOWNTOWN, request_id=request_id, external_id=None,
                             performed_at=now(), payload=sale("6001234560000009")).biotrack_id

    with ThreadPoolExecutor(12) as pool:
        same = set(pool.map(report, ["DUP"] * 12))
    with ThreadPoolExecutor(12) as pool:
        distinct = set(pool.map(report, [f"U-{i}" for i in range(12)]))
    ledger = sandbox.ledger(DOWNTOWN)
    assert len(same) == 1 and len([e for e in ledger if e["request_id"] == "DUP"]) == 1
    assert len(distinct) == 12 and len(ledger) == 13
    assert sandbox.inventory(DOWNTOWN)["6001234560000009"] == "9987"
