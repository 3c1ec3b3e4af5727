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


def _authorized(world, action):
    """The path of an action on Downtown's authorization (a granted one is created if missing)."""
    from datetime import timedelta

    from webapp.extensions import db
    from webapp.integration.store import current_authorization
    from webapp.models import Authorization, utcnow
    store = world.a.downtown
    if current_authorization(store) is None:
        now = utcnow()
        db.session.add(Authorization(
            organization_id=store.organization_id, location_id=store.id, state="active",
            ubi="600123456", license=store.biotrack_license, username="admin@bt.test",
            password="pw", grant_id="GR-TEST", access_token="at", refresh_token="rt",
            access_expires_at=now + timedelta(hours=1), granted_at=now,
            expires_at=now + timedelta(days=100)))
        db.session.commit()
    return f"/config/integration/{store.id}/{action}"


def _company_ready(world):
    """Organization A with a UBI and a vendor preference (steps 1 and 1a done)."""
    from webapp.extensions import db
    from webapp.models import CompanySettings
    org = world.a.org
    if not org.biotrack_ubi:
        org.biotrack_ubi = "600123456"
        db.session.add(CompanySettings(organization_id=org.id, vendor_mode="per_vendor"))
        db.session.commit()
    return org


def _new_credential(world):
    """The add form of step 2 (steps 1 and 1a done first)."""
    _company_ready(world)
    return "/settings/integrations/biotrack/credentials/new"


def _credential(world, suffix=""):
    """The path of a company credential of organization A (created if missing)."""
    from webapp.extensions import db
    from webapp.models import CompanyCredential
    org = _company_ready(world)
    row = db.session.query(CompanyCredential).filter_by(organization_id=org.id).first()
    if row is None:
        row = CompanyCredential(organization_id=org.id, description="Back office",
                                ubi=org.biotrack_ubi, username="admin@bt.test", password="pw",
                                license="NY-RET-000101")
        db.session.add(row)
        db.session.commit()
    return f"/settings/integrations/biotrack/credentials/{row.id}{suffix}"


def _company(world):
    """The path of a company of organization A (created if missing)."""
    from webapp.extensions import db
    from webapp.models import Company
    row = db.session.query(Company).filter_by(organization_id=world.a.org.id).first()
    if row is None:
        row = Company(organization_id=world.a.org.id, source_key="vendor:700100101",
                      name="Hudson Valley Growers", source_name="Hudson Valley Growers",
                      vendor_ubi="700100101", vendor_name="Hudson Valley Growers")
        db.session.add(row)
        db.session.commit()
    return f"/settings/companies/{row.id}"


BIOTRACK = "/settings/integrations/biotrack"
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
    "integration.index": Route("GET", lambda w: "/config/integration/", "config_page"),
    "integration.status": Route("GET", lambda w: f"/config/integration/{w.a.downtown.id}/status",
                                "config_page", tenant_object=True),
    "integration.register": Route("GET",
                                  lambda w: f"/config/integration/{w.a.downtown.id}/register",
                                  "config_page", tenant_object=True),
    "integration.renew": Route("POST", lambda w: _authorized(w, "renew"),
                               "config_page", tenant_object=True),
    "integration.cancel": Route("POST", lambda w: _authorized(w, "cancel"),
                                "config_page", tenant_object=True),
    "integration.deactivate": Route("POST",
                                    lambda w: _authorized(w, "deactivate"),
                                    "config_page", tenant_object=True),
    "integration.test": Route("POST", lambda w: _authorized(w, "test"),
                              "config_page", tenant_object=True),
    "integration.callback": Route("GET", lambda w: "/config/integration/callback?state=x",
                                  SIGNED_IN),
    "company.biotrack": Route("GET", lambda w: BIOTRACK, "manage_company_settings"),
    "company.save_ubi": Route("POST", lambda w: f"{BIOTRACK}/ubi", "manage_company_settings",
                              data=lambda w: {"ubi": "600123456"}),
    "company.save_vendor_mode": Route("POST", lambda w: f"{BIOTRACK}/vendor-mode",
                                      "manage_company_settings",
                                      data=lambda w: {"mode": "per_vendor"}),
    "company.preview": Route("GET", lambda w: f"{BIOTRACK}/vendors/preview",
                             "manage_company_settings"),
    "company.refresh_now": Route("POST", lambda w: f"{BIOTRACK}/companies/refresh",
                                 "manage_company_settings"),
    "company.new_credential": Route("GET", _new_credential, "manage_company_settings"),
    "company.edit_credential": Route("GET", _credential, "manage_company_settings",
                                     tenant_object=True),
    "company.remove_credential": Route("POST", lambda w: _credential(w, "/remove"),
                                       "manage_company_settings", tenant_object=True),
    "company.license_form": Route("GET", lambda w: f"{BIOTRACK}/licenses/form?license=X",
                                  "manage_company_settings"),
    "company.create_license": Route("POST", lambda w: f"{BIOTRACK}/licenses",
                                    "manage_company_settings",
                                    data=lambda w: {"license": "NY-RET-000103", "name": "Midtown"}),
    "company.resync": Route("POST", lambda w: f"{BIOTRACK}/licenses/resync",
                            "manage_company_settings"),
    "company.companies_list": Route("GET", lambda w: "/settings/companies?q=hudson",
                                    "manage_company_settings"),
    "company.edit_company": Route("GET", _company, "manage_company_settings",
                                  tenant_object=True),
}
