"""The app as deployed, for load benchmarks: gunicorn with 4 workers and the scheduler."""
import contextlib
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.sandbox import ROOT, _free_port
from bench.scaleout import _env

WEB_WORKERS = 4


@dataclass
class Servers:
    """Where the web app answers, and the scheduler's log."""

    web: str
    scheduler_log: Path

    def skipped_runs(self) -> int:
        """APScheduler's "maximum number of running instances" warnings so far."""
        return self.scheduler_log.read_text(errors="replace").count(
            "maximum number of running instances")


def _wait_up(url: str, processes, seconds: float = 60) -> None:
    """Until /healthz answers (or a process died)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a benchmark server exited at start")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def app_servers(database_url: str, sandbox, app):
    """gunicorn (4 sync workers) and `flask scheduler` on the database; yields Servers."""
    # The load generator plays many tills per store: the per-token limit (a guard against one
    # runaway till) would otherwise be what is measured.
    env = dict(_env(database_url, sandbox, app), API_RATE_LIMIT="1000000 per minute")
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        web_log, scheduler_log = Path(tmp) / "web.log", Path(tmp) / "scheduler.log"
        with open(web_log, "wb") as web_out, open(scheduler_log, "wb") as scheduler_out:
            processes = [
                subprocess.Popen([str(bin_dir / "gunicorn"), "-w", str(WEB_WORKERS), "-b",
                                  f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                                 cwd=ROOT, env=env, stdout=web_out, stderr=subprocess.STDOUT),
                subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"],
                                 cwd=ROOT, env=env, stdout=scheduler_out,
                                 stderr=subprocess.STDOUT)]
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_up(url, processes)
            yield Servers(url, scheduler_log)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
