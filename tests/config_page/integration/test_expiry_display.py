"""Days left, the expiring and expired states, and the layout banner."""
from datetime import timedelta

from tests.fixtures.app import login
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import HX, section_path, text_of
from webapp.extensions import db
from webapp.models import utcnow


def _expires_in(auth, delta):
    """Move the stored expiry (the sandbox's clock is not ours)."""
    auth.expires_at = utcnow() + delta
    db.session.commit()


def test_active_shows_days_left_and_no_banner(client, sandbox, world):
    """A fresh grant: 100 days, no warning."""
    authorize_store(sandbox, world.a.downtown)
    login(client, world.a.admin.email, PASSWORD)
    text = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert "<dd>100</dd>" in text and "badge-ok" in text
    assert "expires in" not in text_of(client.get("/"))


def test_expiring_from_30_days(client, sandbox, world):
    """29 days left: "Expiring", a warning on the page and a banner in the layout."""
    auth = authorize_store(sandbox, world.a.downtown)
    _expires_in(auth, timedelta(days=29, hours=1))
    login(client, world.a.admin.email, PASSWORD)
    text = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert "Expiring" in text and "expires in 30 days" in text
    home = text_of(client.get("/"))
    assert "BioTrack authorization for Downtown (NY-RET-000101) expires in 30 days" in home
    assert f"/config/integration/?location={world.a.downtown.id}" in home


def test_expired(client, sandbox, world):
    """Past the expiry: "Expired", reporting stopped, an alert banner."""
    auth = authorize_store(sandbox, world.a.downtown)
    _expires_in(auth, -timedelta(hours=2))
    login(client, world.a.admin.email, PASSWORD)
    text = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert "Expired" in text and "has expired" in text
    assert "<h3>Expired User Credentials</h3>" in text and "Active User Credentials" not in text
    assert "expired on" in text_of(client.get("/"))


def test_banner_only_for_admins_of_that_store(app, client, sandbox, world):
    """Clerks and admins of other organizations see no banner."""
    auth = authorize_store(sandbox, world.a.downtown)
    _expires_in(auth, timedelta(days=3))
    login(client, world.a.clerk.email, PASSWORD)
    assert "BioTrack authorization for" not in text_of(client.get("/"))
    login(client, world.b.admin.email, PASSWORD)
    assert "BioTrack authorization for" not in text_of(client.get("/"))


def test_dashboard_tile_shows_days_left(client, sandbox, world):
    """The store's admin sees the days of access left on the dashboard, linked to Integration."""
    login(client, world.a.admin.email, PASSWORD)
    assert "BioTrack access: not connected" in text_of(client.get("/"))
    authorize_store(sandbox, world.a.downtown)
    home = text_of(client.get("/"))
    assert 'tile-value">100</span>' in home and "days of BioTrack access left" in home
    login(client, world.a.clerk.email, PASSWORD)
    assert "days of BioTrack access left" not in text_of(client.get("/"))
