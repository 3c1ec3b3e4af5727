"""Renew with the same credentials; deactivate and register new ones; test the connection."""
import re

from sqlalchemy import select

from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import (HX, authorize_through_page, consent_url, grant,
                                                hx_post, link, section_path, text_of)
from webapp.extensions import db
from webapp.models import AuditEvent, Authorization


def _active(client, sandbox, world):
    """Downtown authorized through the page; returns its Authorization."""
    login(client, world.a.admin.email, PASSWORD)
    authorize_through_page(client, sandbox, world.a.downtown)
    return db.session.scalar(select(Authorization))


def test_renew_updates_both_dates(client, sandbox, world):
    """Renew re-runs consent with the stored credentials; both dates move; the old grant ends."""
    auth = _active(client, sandbox, world)
    old_grant, old_created = auth.grant_id, auth.granted_at
    sandbox.move_clock(days=60)
    pending = hx_post(client, section_path(world.a.downtown, "renew"))
    text = text_of(pending)
    assert "Renewal waiting for BioTrack" in text and 'hx-trigger="every 2s"' in text
    assert "Active User Credentials" in text  # still active while the renewal waits
    assert "Renewal started: BioTrack's consent screen opened in a new tab." in text
    assert "BioTrack access granted" in text_of(client.get(grant(sandbox, consent_url(pending))))
    done = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert re.search(r'data-announce="Renewed: BioTrack access for NY-RET-000101 now lasts until '
                     r'[A-Z][a-z]{2} \d+, \d{4} \(E[SD]T\)\."', done)
    db.session.expire_all()
    auth = db.session.scalar(select(Authorization))
    assert auth.grant_id != old_grant and auth.granted_at > old_created
    assert (auth.granted_at - old_created).days == 60
    grants = {g["grant_id"]: g for g in sandbox.grants()}
    assert grants[old_grant]["revoked"] or grants[old_grant]["superseded_by"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "integration.renewed"))


def test_renew_with_changed_password_says_what_to_do(client, sandbox, world):
    """Stored credentials that no longer work: deactivate and register new ones."""
    _active(client, sandbox, world)
    sandbox.set_password("biotrack-admin@demo.test", "a-new-password-9")
    text = text_of(hx_post(client, section_path(world.a.downtown, "renew")))
    assert "no longer work" in text and "deactivate them and register the new ones" in text


def test_denied_renewal_keeps_the_current_grant(client, sandbox, world):
    """A renewal denied on the consent screen leaves the active credentials as they were."""
    auth = _active(client, sandbox, world)
    pending = hx_post(client, section_path(world.a.downtown, "renew"))
    client.get(grant(sandbox, consent_url(pending), deny=True))
    text = text_of(client.get(section_path(world.a.downtown), headers=HX))
    assert "The last renewal did not complete: Access was denied" in text
    db.session.expire_all()
    assert db.session.get(Authorization, auth.id).state == "active"


def test_deactivate_then_register_new_credentials(client, sandbox, world):
    """Deactivate revokes the grant, keeps history, and offers the register form again."""
    auth = _active(client, sandbox, world)
    text = text_of(hx_post(client, section_path(world.a.downtown, "deactivate")))
    assert "The credentials were deactivated" in text
    assert "Register User Credentials" in text and "Previous credentials (1)" in text
    grants = {g["grant_id"]: g for g in sandbox.grants()}
    assert grants[auth.grant_id]["revoked"]
    db.session.expire_all()
    old = db.session.get(Authorization, auth.id)
    assert old.state == "deactivated" and old.access_token is None
    assert old.deactivated_by_id == world.a.admin.id
    authorize_through_page(client, sandbox, world.a.downtown)
    states = sorted(db.session.scalars(select(Authorization.state)))
    assert states == ["active", "deactivated"]


def test_deactivate_while_biotrack_is_down_still_deactivates(client, sandbox, world):
    """Revocation cannot be confirmed: deactivated here, and the page says the grant lapses."""
    _active(client, sandbox, world)
    sandbox.fault("http_503", "/oauth/revoke", count=5)
    text = text_of(hx_post(client, section_path(world.a.downtown, "deactivate")))
    assert "could not confirm the revocation" in text


def test_test_connection(client, sandbox, world):
    """Passes with good credentials; fails with BioTrack's reason when the password changed."""
    _active(client, sandbox, world)
    text = text_of(hx_post(client, section_path(world.a.downtown, "test")))
    assert "Test connection passed" in text
    sandbox.set_password("biotrack-admin@demo.test", "changed-in-biotrack-1")
    text = text_of(hx_post(client, section_path(world.a.downtown, "test")))
    assert "Test connection failed" in text and "BioTrack refused the stored credentials" in text
    sandbox.set_password("biotrack-admin@demo.test", "bt-admin-pass")
    sandbox.revoke_grant("NY-RET-000101")
    text = text_of(hx_post(client, section_path(world.a.downtown, "test")))
    assert "BioTrack refused the integrator grant" in text


def test_cancel_waiting(client, sandbox, world):
    """Stop waiting ends a first registration as failed and offers Register again."""
    login(client, world.a.admin.email, PASSWORD)
    link(client, world.a.downtown)
    text = text_of(hx_post(client, section_path(world.a.downtown, "cancel")))
    assert "Register User Credentials" in text and "Cancelled by" in text
