"""Every model, imported so that alembic and the app see the whole schema."""
from webapp.models.audit import AuditEvent
from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.company import (Company, CompanyCredential, CompanyLicense, CompanySettings,
                                   ListedLicense, SyncRun)
from webapp.models.integration import Authorization, ConsentRequest
from webapp.models.invitation import Invitation
from webapp.models.org import DEFAULT_TIME_ZONE, Location, Organization
from webapp.models.user import PERMISSIONS, Role, RolePermission, User, user_locations, user_roles

__all__ = [
    "AuditEvent", "Authorization", "Base", "Company", "CompanyCredential", "CompanyLicense",
    "CompanySettings", "ListedLicense", "SyncRun", "ConsentRequest", "DEFAULT_TIME_ZONE", "Invitation",
    "Location", "Organization", "PERMISSIONS", "Role", "RolePermission", "UTCDateTime", "User",
    "user_locations", "user_roles", "utcnow",
]
