"""The README's shell commands, read from its ```sh blocks, and a fresh place to run them."""
import os
import re
import shlex
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
APP_URL = "http://127.0.0.1:5000"


def commands() -> list[str]:
    """Each command of the README, continuation lines and multi-line quotes joined."""
    found, pending = [], ""
    for block in BLOCK.findall((ROOT / "README.md").read_text()):
        for line in block.splitlines():
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            pending += line + "\n"
            if pending.rstrip().endswith("\\") or not _complete(pending):
                continue
            found.append(pending.strip())
            pending = ""
    assert not pending, f"unfinished command in README: {pending}"
    return found


def _complete(text: str) -> bool:
    """Whether the shell would see the end of a command here (quotes closed)."""
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def scratch_copy(tmp_path: Path) -> Path:
    """The repository as a new checkout would see it: same files, no instance/ folder."""
    copy = tmp_path / "checkout"
    copy.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in ("instance", ".git", ".pytest_cache"):
            (copy / entry.name).symlink_to(entry)
    return copy


def clean_environment(home: Path, **settings) -> dict:
    """What a new login shell has: PATH and HOME, nothing of ours."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
            **settings}


def run(command: str, cwd: Path, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """One command in a new bash, as typed."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
