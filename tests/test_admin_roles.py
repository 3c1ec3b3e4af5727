"""Role Management: roles, ticked permissions, and the last role manager."""
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, Role


def test_create_role_with_permissions(client, world):
    """A new role grants what was ticked, is audited, and is the organization's own."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, "/admin/roles/new",
                    {"name": "Manager", "permissions": ["config_page", "view_reports"]},
                    page="/admin/roles/new")
    assert response.status_code == 302
    role = db.session.scalar(select(Role).where(Role.name == "Manager"))
    assert role.permissions == {"config_page", "view_reports"}
    assert role.organization_id == world.a.org.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role.created"))
    assert "Configuration &gt; Config Page" in client.get("/admin/roles").get_data(as_text=True)


def test_unknown_permission_and_duplicate_name_are_refused(client, world):
    """Only listed permissions; role names unique in the organization."""
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, "/admin/roles/new", {"name": "X", "permissions": ["root"]},
                page="/admin/roles/new").get_data(as_text=True)
    assert "Choose only from the listed options." in html
    html = post(client, "/admin/roles/new", {"name": "clerk", "permissions": []},
                page="/admin/roles/new").get_data(as_text=True)
    assert "Another role already has this name." in html


def test_edit_role_changes_what_its_users_can_do(app, client, world):
    """Ticking a permission on the clerk role opens the Config Page to clerks."""
    clerk_role = world.a.clerk.roles[0]
    clerk = app.test_client()
    login(clerk, world.a.clerk.email, PASSWORD)
    assert clerk.get("/config/").status_code == 403
    login(client, world.a.admin.email, PASSWORD)
    post(client, f"/admin/roles/{clerk_role.id}",
         {"name": "Clerk", "permissions": ["perform_actions", "view_reports", "config_page"]},
         page=f"/admin/roles/{clerk_role.id}")
    db.session.expire_all()
    assert clerk_role.permissions == {"perform_actions", "view_reports", "config_page"}
    assert clerk.get("/config/", follow_redirects=True).status_code == 200  # to its first tab


def test_the_last_role_manager_keeps_role_management(client, world):
    """Removing Role Management from the only role that has it is refused."""
    admin_role = world.a.admin.roles[0]
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, f"/admin/roles/{admin_role.id}",
                {"name": "Admin", "permissions": ["config_page"]},
                page=f"/admin/roles/{admin_role.id}").get_data(as_text=True)
    assert "Keep “Role Management” on this role" in html
    db.session.expire_all()
    assert "manage_roles" in admin_role.permissions
