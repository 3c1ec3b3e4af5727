"""A BioTrack sandbox for benchmarks: its own process (or gunicorn workers) and database."""
import contextlib
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.fixtures.sandbox import Sandbox, _announced_url, server_environment, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def bench_sandbox(*, workers: int = 0, latency_ms: int = 0):
    """Start the sandbox (threaded server, or gunicorn with `workers`); yield a Sandbox."""
    with tempfile.TemporaryDirectory() as tmp:
        env = server_environment(Path(tmp) / "sandbox.sqlite3")
        env["SANDBOX_LATENCY_MS"] = str(latency_ms)
        log_path = Path(tmp) / "sandbox.log"
        if workers:
            port = _free_port()
            command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers),
                       "--threads", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                       "biotrack_sandbox:create_app()"]
            announced = (lambda _log, url=f"http://127.0.0.1:{port}": url)
        else:
            command = [sys.executable, "-m", "biotrack_sandbox", "--port", "0"]
            announced = _announced_url
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield Sandbox(wait_until_up(announced, process, log_path), process, log_path)
        finally:
            stop(process)


def app_settings(sandbox) -> dict:
    """App settings pointing at the sandbox with the test integrator registration."""
    from tests.fixtures.sandbox import CLIENT_ID, CLIENT_SECRET
    return {"BIOTRACK_BASE_URL": sandbox.url, "BIOTRACK_CLIENT_ID": CLIENT_ID,
            "BIOTRACK_CLIENT_SECRET": CLIENT_SECRET, "BIOTRACK_TIMEOUT": (3.05, 15.0)}


