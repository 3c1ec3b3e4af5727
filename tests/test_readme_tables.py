"""The README's job table and screen table say what the code declares."""
import re
from pathlib import Path

from webapp import features
from webapp.scheduler import JOBS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
ROW = re.compile(r"^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", re.M)


def _rows() -> list[tuple[str, str, str]]:
    return [tuple(cell.strip() for cell in row) for row in ROW.findall(README)]


def test_every_scheduled_job_is_in_the_readme(app):
    """The job table lists each job of the registry, and no other."""
    listed = {m.group(1) for m in re.finditer(r"^\| `([a-z-]+)` \|", README, re.M)}
    assert listed == set(JOBS)


def test_every_screen_is_in_the_readme(app):
    """Sidebar links, Config Page tabs and Manage Account sections, each with a folder that is
    there."""
    with app.app_context():
        declared = {(entry.section, entry.label) for entry in features.menu()}
        declared |= {("Config Page tab", label) for label, _ in features.config_tabs()}
        declared |= {("Manage Account", label) for label, _ in features.account_sections()}
    screens = {(menu, item): code for menu, item, code in _rows() if code.startswith("`webapp/")}
    assert set(screens) == declared
    root = Path(__file__).resolve().parent.parent
    for code in screens.values():
        assert (root / code.strip("`")).exists(), code
