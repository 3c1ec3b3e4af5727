"""Every route of the app with who may reach it: the permission and CSRF sweeps read this.

Adding a route without adding it here fails test_every_route_is_listed.
"""
from dataclasses import dataclass
from typing import Callable

PUBLIC = "public"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class Route:
    """How to call one endpoint, and who may."""

    method: str
    path: Callable  # world -> path (may create what the path needs)
    access: str  # PUBLIC, SIGNED_IN or a permission name
    tenant_object: bool = False  # the path names an object of organization A
    data: Callable | None = None  # world -> form data for POSTs


def _invitation(world):
    """A fresh invitation link for a new user of organization A."""
    from webapp.auth.services import create_invitation
    from webapp.extensions import db
    from tests.fixtures.world import make_user
    user = make_user(world.a.org, "invited@a.test")
    user.password_hash = None
    token = create_invitation(user, world.a.admin)
    db.session.commit()
    return f"/invitation/{token}"


def _failed_email(world):
    """A failed e-mail of organization A, and the path of its Retry button."""
    from webapp.extensions import db
    from webapp.mail import queue_email
    from webapp.models.mail import FAILED
    message = queue_email(to=["gone@a.test"], subject="Test", template="expiry_warning",
                          context={}, organization_id=world.a.org.id)[0]
    message.status = FAILED
    db.session.commit()
    return f"/email/{message.id}/retry"


def _extra_recipient(world):
    """An extra notification address of A's first store (the admin's selected store)."""
    from webapp.extensions import db
    from webapp.models import NotificationRecipient
    store = world.a.downtown
    recipient = NotificationRecipient(organization_id=store.organization_id,
                                      location_id=store.id, email="compliance@a.test")
    db.session.add(recipient)
    db.session.commit()
    return f"/config/notifications/recipients/{recipient.id}/remove"


ROUTES = {
    "static": Route("GET", lambda w: "/static/css/app.css", PUBLIC),
    "dashboard.healthz": Route("GET", lambda w: "/healthz", PUBLIC),
    "auth.login": Route("GET", lambda w: "/login", PUBLIC),
    "auth.accept_invitation": Route("GET", _invitation, PUBLIC),
    "auth.logout": Route("POST", lambda w: "/logout", SIGNED_IN),
    "dashboard.index": Route("GET", lambda w: "/", SIGNED_IN),
    "stores.select": Route("POST", lambda w: "/store", SIGNED_IN, tenant_object=True,
                           data=lambda w: {"location_id": w.a.uptown.id}),
    "account.index": Route("GET", lambda w: "/account/", SIGNED_IN),
    "config_page.index": Route("GET", lambda w: "/config/", "config_page"),
    "admin.roles": Route("GET", lambda w: "/admin/roles", "manage_roles"),
    "admin.new_role": Route("GET", lambda w: "/admin/roles/new", "manage_roles"),
    "admin.edit_role": Route("GET", lambda w: f"/admin/roles/{w.a.clerk.roles[0].id}",
                             "manage_roles", tenant_object=True),
    "admin.locations": Route("GET", lambda w: "/admin/locations", "manage_organization"),
    "admin.new_location": Route("GET", lambda w: "/admin/locations/new", "manage_organization"),
    "admin.edit_location": Route("GET", lambda w: f"/admin/locations/{w.a.uptown.id}",
                                 "manage_organization", tenant_object=True),
    "admin.users": Route("GET", lambda w: "/admin/users", "manage_organization"),
    "admin.new_user": Route("GET", lambda w: "/admin/users/new", "manage_organization"),
    "admin.edit_user": Route("GET", lambda w: f"/admin/users/{w.a.clerk.id}",
                             "manage_organization", tenant_object=True),
    "admin.deactivate_user": Route("POST", lambda w: f"/admin/users/{w.a.clerk.id}/deactivate",
                                   "manage_organization", tenant_object=True),
    "admin.reactivate_user": Route("POST", lambda w: f"/admin/users/{w.a.clerk.id}/reactivate",
                                   "manage_organization", tenant_object=True),
    "admin.invite_user": Route("POST", lambda w: f"/admin/users/{w.a.clerk.id}/invitation",
                               "manage_organization", tenant_object=True),
    "admin.audit_log": Route("GET", lambda w: "/admin/audit", "manage_organization"),
    "mail.log": Route("GET", lambda w: "/email/", "manage_organization"),
    "mail.retry": Route("POST", _failed_email, "manage_organization", tenant_object=True),
    "notifications.index": Route("GET", lambda w: "/notifications/", "config_page"),
    "notifications.settings": Route("GET", lambda w: "/config/notifications/", "config_page"),
    "notifications.add_recipient": Route("POST", lambda w: "/config/notifications/recipients",
                                         "config_page", data=lambda w: {"email": "c@a.test"}),
    "notifications.remove_recipient": Route("POST", _extra_recipient, "config_page",
                                            tenant_object=True),
}
