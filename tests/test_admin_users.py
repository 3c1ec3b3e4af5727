"""Organization Management: app users, their roles and stores, deactivation, invitations."""
import re

from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, User


def test_create_user_with_invitation_link(client, world):
    """Without a password the admin gets a one-time link; the user is 'Invited'."""
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, "/admin/users/new", {
        "name": "Jo Budtender", "email": "Jo@A.test", "roles": [world.a.clerk.roles[0].id],
        "locations": [world.a.downtown.id], "onboarding": "invite"},
        page="/admin/users/new").get_data(as_text=True)
    link = re.search(r'value="(http://[^"]+/invitation/[^"]+)"', html).group(1)
    user = db.session.scalar(select(User).where(User.email == "jo@a.test"))
    assert user.password_hash is None and [r.name for r in user.roles] == ["Clerk"]
    assert [loc.name for loc in user.locations] == ["Downtown"]
    assert "Invited" in client.get("/admin/users").get_data(as_text=True)
    assert client.get(link.split("localhost", 1)[-1]).status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created"))
    assert event.details["onboarding"] == "invitation"
    from webapp.models import OutboxMessage
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "jo@a.test"))
    assert message is not None and "invited you to TraceBridge" in message.subject


def test_create_user_with_password(client, world):
    """With a password the user can sign in at once."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, "/admin/users/new", {
        "name": "Pat", "email": "pat@a.test", "locations": [world.a.uptown.id],
        "onboarding": "password", "password": "a-long-password"}, page="/admin/users/new")
    assert response.status_code == 302
    fresh = client.application.test_client()
    login(fresh, "pat@a.test", "a-long-password")


def test_bad_input_keeps_what_was_typed(client, world):
    """Errors per field; name and e-mail kept; never the password."""
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, "/admin/users/new", {
        "name": "Pat", "email": "not-an-email", "onboarding": "password",
        "password": "secret-but-short"[:5]}, page="/admin/users/new").get_data(as_text=True)
    assert "Enter a valid e-mail address" in html and "Use at least 10 characters." in html
    assert 'value="Pat"' in html and 'value="not-an-email"' in html
    assert "secre" not in html


def test_duplicate_email_and_foreign_roles_are_refused(client, world):
    """E-mails are unique everywhere; another tenant's roles and stores cannot be given."""
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, "/admin/users/new", {"name": "X", "email": world.b.clerk.email,
                                             "onboarding": "invite"},
                page="/admin/users/new").get_data(as_text=True)
    assert "A user with this e-mail address already exists." in html
    html = post(client, "/admin/users/new", {
        "name": "X", "email": "x@a.test", "onboarding": "invite",
        "roles": [world.b.admin.roles[0].id], "locations": [world.b.downtown.id]},
        page="/admin/users/new").get_data(as_text=True)
    assert "Choose only from the listed options." in html


def test_deactivate_ends_sessions_and_reactivate(app, client, world):
    """A deactivated user is signed out at once; reactivation lets them back in."""
    clerk_client = app.test_client()
    login(clerk_client, world.a.clerk.email, PASSWORD)
    login(client, world.a.admin.email, PASSWORD)
    post(client, f"/admin/users/{world.a.clerk.id}/deactivate")
    assert clerk_client.get("/").status_code == 302
    assert "Deactivated" in client.get("/admin/users").get_data(as_text=True)
    post(client, f"/admin/users/{world.a.clerk.id}/reactivate")
    login(clerk_client, world.a.clerk.email, PASSWORD)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.target_id == str(world.a.clerk.id))).all()
    assert "user.deactivated" in actions and "user.reactivated" in actions


def test_admin_cannot_deactivate_themselves_or_the_last_role_manager(client, world):
    """The organization always keeps someone who can manage it."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, f"/admin/users/{world.a.admin.id}/deactivate",
                    follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    html = post(client, f"/admin/users/{world.a.admin.id}", {
        "name": "Admin", "email": world.a.admin.email, "roles": [world.a.clerk.roles[0].id],
        "locations": [world.a.downtown.id]},
        page=f"/admin/users/{world.a.admin.id}").get_data(as_text=True)
    assert "Keep a role with “Role Management”" in html
    db.session.expire_all()
    assert world.a.admin.active and world.a.admin.roles[0].name == "Admin"


def test_edit_user_roles_and_stores(client, world):
    """Roles and stores are replaced by what was ticked, and audited."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, f"/admin/users/{world.a.clerk.id}", {
        "name": "Casey", "email": world.a.clerk.email, "roles": [world.a.clerk.roles[0].id],
        "locations": [world.a.uptown.id]}, page=f"/admin/users/{world.a.clerk.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert [loc.name for loc in world.a.clerk.locations] == ["Uptown"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.updated"))
    assert event.details["before"]["locations"] == ["Downtown", "Uptown"]


def test_audit_log_shows_the_organization_only(client, world):
    """Each organization sees its own audit trail."""
    login(client, world.a.admin.email, PASSWORD)
    post(client, f"/admin/users/{world.a.clerk.id}/deactivate")
    login(client, world.b.admin.email, PASSWORD)
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "clerk@a.test deactivated" not in html and "admin@b.test signed in" in html
