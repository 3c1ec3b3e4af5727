"""Metrics under several gunicorn workers: every scrape shows what every process counted."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
TOKEN = "workers-metrics-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _samples(text: str, name: str) -> dict:
    return {frozenset(s.labels.items()): s.value
            for family in text_string_to_metric_families(text) for s in family.samples
            if s.name == name}


@pytest.fixture
def gunicorn(tmp_path):
    """Two gunicorn workers on a migrated SQLite database, one shared metrics folder."""
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    port = _free_port()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TRACEBRIDGE_ENV": "development",
           "TRACEBRIDGE_INSTANCE": str(tmp_path / "instance"), "METRICS_TOKEN": TOKEN,
           "BIOTRACK_BASE_URL": "http://127.0.0.1:9", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade", "heads"], cwd=ROOT,
                   env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen([str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url, env
    finally:
        server.terminate()
        server.wait(30)


def _wait_until_up(url, server, seconds=60):
    """Until gunicorn answers (its workers import the app first)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(f"{url}/healthz", timeout=5)
            return
        except requests.RequestException:
            assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


def test_every_worker_reports_the_counts_of_all_processes(gunicorn):
    url, env = gunicorn
    # Another process (as the scheduler would) counts three delivered attempts.
    count = "from webapp.instruments import DELIVERY_ATTEMPTS as A; A.labels('delivered').inc(3)"
    subprocess.run([sys.executable, "-c", count], cwd=ROOT, env=env, check=True, timeout=60)
    # Each worker asks BioTrack (down: port 9) once for /readyz: the histogram counts both.
    for _ in range(6):
        requests.get(f"{url}/readyz", timeout=10)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    seen = set()
    for _ in range(8):
        response = requests.get(f"{url}/metrics", headers=headers, timeout=10)
        assert response.status_code == 200
        seen.add(response.headers.get("X-Request-ID"))
        attempts = _samples(response.text, "tracebridge_delivery_attempts_total")
        assert attempts[frozenset({"outcome": "delivered"}.items())] == 3
        pings = _samples(response.text, "tracebridge_biotrack_request_seconds_count")
        assert sum(pings.values()) >= 1
    assert len(seen) == 8
