"""Every route of the app with who may reach it: the permission and CSRF sweeps read this.

Adding a route without adding it here fails test_every_route_is_listed.
"""
import uuid
from dataclasses import dataclass
from typing import Callable

PUBLIC = "public"
SIGNED_IN = "signed_in"
API_TOKEN = "api_token"  # a store's bearer token, never a session cookie
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


def _ready(world):
    """/readyz, after a scheduler heartbeat (without one it rightly answers 503)."""
    from webapp.models import utcnow
    from webapp.scheduler.status import HEARTBEAT_JOB, record_run
    record_run(HEARTBEAT_JOB, ok=True, at=utcnow(), duration_ms=1)
    return "/readyz"


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
    from webapp.config_page.integration.authorizations import current_authorization
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


def _token_path(world):
    """The revoke path of a token of Downtown (created here)."""
    from webapp.config_page.api_tokens import tokens
    row, _ = tokens.create(world.a.downtown, "matrix")
    return f"/config/api-tokens/{row.id}/revoke"


def _action_id(world):
    """A sale recorded at Downtown by the clerk."""
    from webapp.intake import recording
    action = recording.record(world.a.downtown, world.a.clerk, kind="sale",
                              external_id=f"M-{uuid.uuid4().hex[:12]}", data={"items": [
                               {"barcode": "6001234560000001", "quantity": 1, "price": 1}]})
    return action.id


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
    "operations.healthz": Route("GET", lambda w: "/healthz", PUBLIC),
    "operations.readyz": Route("GET", _ready, PUBLIC),
    "operations.metrics": Route("GET", lambda w: "/metrics", API_TOKEN),
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
    "admin.audit_csv": Route("POST", lambda w: "/admin/audit.csv", "manage_organization"),
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
    "api_tokens.index": Route("GET", lambda w: "/config/api-tokens", "config_page"),
    "api_tokens.revoke": Route("POST", lambda w: _token_path(w), "config_page",
                                        tenant_object=True),
    "intake.actions": Route("GET", lambda w: "/actions", "perform_actions"),
    "intake.new_action": Route("GET", lambda w: "/actions/new/sale", "perform_actions"),
    "delivery_log.log": Route("GET", lambda w: "/reports", "view_reports"),
    "delivery_log.log_csv": Route("GET", lambda w: "/reports.csv", "view_reports"),
    "delivery_log.report": Route("GET", lambda w: f"/reports/{_action_id(w)}", "view_reports",
                              tenant_object=True),
    "delivery_log.retry": Route("POST", lambda w: f"/reports/{_action_id(w)}/retry",
                             "view_reports", tenant_object=True),
    "delivery_log.resend": Route("POST", lambda w: f"/reports/{_action_id(w)}/resend",
                              "view_reports", tenant_object=True),
    "delivery_log.send_as_default": Route("POST",
                                       lambda w: f"/reports/{_action_id(w)}/send-as-default",
                                       "config_page", tenant_object=True),
    "delivery_log.bulk_step": Route("POST", lambda w: "/reports/bulk", "view_reports",
                                 data=lambda w: {"operation": "retry",
                                                 "ids": str(_action_id(w))}),
    "delivery_log.correct": Route("GET", lambda w: f"/reports/{_action_id(w)}/correct",
                               "view_reports", tenant_object=True),
    "api.openapi": Route("GET", lambda w: "/api/v1/openapi.json", PUBLIC),
    "api.create_action": Route("POST", lambda w: "/api/v1/actions", API_TOKEN),
    "api.get_action": Route("GET", lambda w: "/api/v1/actions/1", API_TOKEN),
    "api.list_actions": Route("GET", lambda w: "/api/v1/actions", API_TOKEN),
    "api.reference": Route("GET", lambda w: "/api/v1/reference", PUBLIC),
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
    # Organization B's store has no authorization: it is sent back before any lookup (the
    # tenant check is in tests/test_jobs_wiring.py, test_invitation_refuses_another_tenants_user).
    "biotrack_users.invite": Route("POST", lambda w: f"/biotrack/onboarding/{w.a.clerk.id}/invite",
                                   "manage_biotrack_users"),
    "biotrack_users.assign_owner": Route(
        "POST", lambda w: "/biotrack/users/clerk@demo.test/owner", "manage_biotrack_users",
        data=lambda w: {"user_id": w.a.clerk.id}),
    "biotrack_users.remove_owner": Route(
        "POST", lambda w: "/biotrack/users/clerk@demo.test/owner/remove", "manage_biotrack_users"),
    "biotrack_users.confirm_link": Route(
        "POST", lambda w: _clerks_credential(w).replace("/account/credentials/",
                                                        "/biotrack/onboarding/links/") + "/confirm",
        "manage_biotrack_users"),
    "biotrack_users.remove_link": Route(
        "POST", lambda w: _clerks_credential(w).replace("/account/credentials/",
                                                        "/biotrack/onboarding/links/") + "/remove",
        "manage_biotrack_users"),
    "mail.log": Route("GET", lambda w: "/email/", "manage_organization"),
    "mail.retry": Route("POST", _failed_email, "manage_organization", tenant_object=True),
    "notifications.index": Route("GET", lambda w: "/notifications/", "config_page"),
    "notifications.settings": Route("GET", lambda w: "/config/notifications/", "config_page"),
    "notifications.add_recipient": Route("POST", lambda w: "/config/notifications/recipients",
                                         "config_page", data=lambda w: {"email": "c@a.test"}),
    "notifications.remove_recipient": Route("POST", _extra_recipient, "config_page",
                                            tenant_object=True),
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
