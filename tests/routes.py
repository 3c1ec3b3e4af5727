"""Every route of the app with who may reach it: the permission and CSRF sweeps read this.

Adding a route without adding it here fails test_every_route_is_listed.
"""
from dataclasses import dataclass
from typing import Callable

PUBLIC = "public"
SIGNED_IN = "signed_in"
# Only the object's owner (organization A's clerk) may reach it: everyone else gets 404,
# admins of the same organization included.
OWNER = "owner"


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


def _clerks_credential(world):
    """A linked BioTrack credential owned by organization A's clerk (made once per test)."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import LinkedCredential
    credential = db.session.scalar(select(LinkedCredential).where(
        LinkedCredential.user_id == world.a.clerk.id, LinkedCredential.status == "valid"))
    credential = credential or LinkedCredential(
        organization_id=world.a.org.id, user_id=world.a.clerk.id, ubi="600123456",
        license=world.a.downtown.biotrack_license, username="clerk@demo.test",
        password="bt-clerk-pass")
    db.session.add(credential)
    db.session.commit()
    return f"/account/credentials/{credential.id}"


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
    "account.traceability": Route("GET", lambda w: "/account/traceability", SIGNED_IN),
    "account.credentials_list": Route("GET", lambda w: "/account/credentials", SIGNED_IN),
    "account.new_credential": Route("GET", lambda w: "/account/credentials/new?license="
                                    "NY-RET-000101", SIGNED_IN),
    "account.forgot_password": Route("GET", lambda w: "/account/credentials/password-reset",
                                     SIGNED_IN),
    "account.edit_credential": Route("GET", _clerks_credential, OWNER),
    "account.verify_credential": Route("POST", lambda w: _clerks_credential(w) + "/verify",
                                       OWNER),
    "account.remove_credential": Route("POST", lambda w: _clerks_credential(w) + "/remove",
                                       OWNER),
    "account.credential_password_reset": Route(
        "POST", lambda w: _clerks_credential(w) + "/password-reset", OWNER),
    "biotrack_users.index": Route("GET", lambda w: "/biotrack/users", "manage_biotrack_users"),
    "biotrack_users.onboarding": Route("GET", lambda w: "/biotrack/onboarding",
                                       "manage_biotrack_users"),
    "biotrack_users.new_user": Route("GET", lambda w: "/biotrack/users/new",
                                     "manage_biotrack_users"),
    "biotrack_users.view_user": Route("GET", lambda w: "/biotrack/users/clerk@demo.test",
                                      "manage_biotrack_users"),
    "biotrack_users.edit_user": Route("GET", lambda w: "/biotrack/users/clerk@demo.test/edit",
                                      "manage_biotrack_users"),
    "biotrack_users.deactivate_user": Route(
        "POST", lambda w: "/biotrack/users/clerk@demo.test/deactivate", "manage_biotrack_users"),
    "biotrack_users.reactivate_user": Route(
        "POST", lambda w: "/biotrack/users/clerk@demo.test/reactivate", "manage_biotrack_users"),
    "biotrack_users.password_reset": Route(
        "POST", lambda w: "/biotrack/users/clerk@demo.test/password-reset",
        "manage_biotrack_users"),
}
