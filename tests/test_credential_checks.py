"""Linked credentials that stop working: verify, mark_invalid, the banner, the nightly list."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp import credentials
from webapp.extensions import db
from webapp.models import AuditEvent, LinkedCredential, utcnow

BANNER = "Your BioTrack credentials for NY-RET-000101 (clerk@demo.test) stopped working"


@pytest.fixture
def linked(app, world):
    """The clerk's credential for Downtown, as if linked yesterday."""
    credential = LinkedCredential(
        organization_id=world.a.org.id, user_id=world.a.clerk.id, ubi="600123456",
        license="NY-RET-000101", username="clerk@demo.test", password="bt-clerk-pass",
        last_verified_at=utcnow() - timedelta(days=1), checked_at=utcnow() - timedelta(days=1))
    db.session.add(credential)
    db.session.commit()
    return credential


def html(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def test_a_changed_password_marks_it_invalid_with_biotracks_reason(sandbox, linked):
    """verify() logs in afresh; BioTrack's refusal is kept with its code and reason."""
    assert credentials.verify(linked).outcome == "valid"
    sandbox.set_password("clerk@demo.test", "changed-elsewhere-1")
    result = credentials.verify(linked, utcnow())
    db.session.commit()
    assert result.outcome == "invalid"
    assert (linked.status, linked.invalid_code) == ("invalid", "invalid_password")
    assert linked.invalid_reason.startswith("The password for clerk@demo.test is wrong")
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "credential.invalid")) == "credential.invalid"


def test_a_deactivated_user_is_invalid_then_valid_again_after_reactivation(sandbox, linked):
    """Deactivation is a reason that can pass: the nightly list keeps it, and it recovers."""
    sandbox.deactivate_user("clerk@demo.test")
    credentials.verify(linked)
    db.session.commit()
    assert linked.invalid_code == "user_inactive"
    later = utcnow() + timedelta(days=1)
    assert linked in credentials.credentials_to_verify(later)
    sandbox.reactivate_user("clerk@demo.test")
    assert credentials.verify(linked, later).outcome == "valid"
    db.session.commit()
    assert linked.status == "valid" and linked.invalid_reason is None
    assert linked.last_verified_at == later


def test_unreachable_biotrack_leaves_the_status_and_says_so(sandbox, linked):
    """No verdict, no change: the credential stays valid, the check is not counted as done."""
    checked = linked.checked_at
    sandbox.fault("http_503", "/v1/login", count=1)
    result = credentials.verify(linked, utcnow())
    assert result.outcome == "unchecked" and "cannot be reached" in result.message
    assert linked.status == "valid" and linked.checked_at == checked


def test_credentials_to_verify(app, world, linked):
    """Due: valid ones not checked within the interval, and invalid ones that may recover."""
    now = utcnow()
    assert credentials.credentials_to_verify(now) == [linked]
    assert credentials.credentials_to_verify(now - timedelta(hours=8)) == []
    credentials.mark_invalid(linked, "invalid_password", "wrong password")
    db.session.commit()
    assert credentials.credentials_to_verify(now) == []  # a wrong password stays wrong
    linked.status = "removed"
    db.session.commit()
    assert credentials.credentials_to_verify(now) == []


def test_linked_credential_is_the_valid_one_for_the_stores_license(app, world, linked):
    """What delivery reports with: valid, this user, this store's license; else None."""
    assert credentials.linked_credential(world.a.clerk, world.a.downtown) is linked
    assert credentials.linked_credential(world.a.clerk, world.a.uptown) is None
    assert credentials.linked_credential(world.a.admin, world.a.downtown) is None
    assert credentials.linked_credential(world.b.clerk, world.b.downtown) is None
    credentials.mark_invalid(linked, "invalid_password", "The password is wrong.")
    db.session.commit()
    assert credentials.linked_credential(world.a.clerk, world.a.downtown) is None


def test_mark_invalid_is_audited_once_per_reason(app, linked):
    """Delivery may report the same refusal many times; the trail records it once."""
    for _ in range(3):
        credentials.mark_invalid(linked, "invalid_password", "The password is wrong.")
    credentials.mark_invalid(linked, "user_inactive", "Deactivated.")
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "credential.invalid")).all()
    assert [e.details["code"] for e in events] == ["invalid_password", "user_inactive"]
    assert all(e.biotrack_username == "clerk@demo.test" for e in events)


def test_banner_shows_to_the_owner_only_until_fixed(client, sandbox, world, linked):
    """The owner sees the reason on every page with a way to fix it; the admin does not."""
    sandbox.set_password("clerk@demo.test", "bt-clerk-new-1")
    credentials.verify(linked)
    db.session.commit()
    login(client, world.a.clerk.email, PASSWORD)
    page = html(client.get("/"))
    assert BANNER in page and "The password for clerk@demo.test is wrong" in page
    assert f'href="/account/credentials/{linked.id}">Fix your BioTrack credentials</a>' in page
    admin = client.application.test_client()
    login(admin, world.a.admin.email, PASSWORD)
    assert BANNER not in html(admin.get("/"))
    path = f"/account/credentials/{linked.id}"
    post(client, path, {"password": "bt-clerk-new-1"}, page=path)
    assert BANNER not in html(client.get("/"))


def test_check_now_from_the_list(client, sandbox, world, linked):
    """The owner can re-check a credential; the result is announced."""
    login(client, world.a.clerk.email, PASSWORD)
    sandbox.deactivate_user("clerk@demo.test")
    post(client, f"/account/credentials/{linked.id}/verify")
    page = html(client.get("/account/credentials"))
    assert "is deactivated; an admin of UBI 600123456 must reactivate it." in page
    assert "Invalid" in page
    sandbox.reactivate_user("clerk@demo.test")
    post(client, f"/account/credentials/{linked.id}/verify")
    assert "BioTrack accepted these credentials." in html(client.get("/account/credentials"))
