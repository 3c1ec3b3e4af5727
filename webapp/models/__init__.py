"""Every model, imported so that alembic and the app see the whole schema."""
from webapp.models.audit import AuditEvent
from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.company import (Company, CompanyCredential, CompanyLicense, CompanySettings,
                                   ListedLicense, SyncRun)
from webapp.models.credentials import LinkedCredential
from webapp.models.integration import Authorization, ConsentRequest
from webapp.models.invitation import Invitation
from webapp.models.mail import OutboxMessage
from webapp.models.notifications import ExpiryWarning, NotificationRecipient
from webapp.models.org import DEFAULT_TIME_ZONE, Location, Organization
from webapp.models.reporting import (Action, ApiToken, DeliveredDay, Delivery,
                                     DeliveryAttempt)
from webapp.models.user import PERMISSIONS, Role, RolePermission, User, user_locations, user_roles

__all__ = [
    "Action", "ApiToken", "AuditEvent", "Authorization", "Base", "Company", "CompanyCredential",
    "CompanyLicense", "CompanySettings", "ConsentRequest", "DEFAULT_TIME_ZONE", "DeliveredDay",
    "Delivery",
    "DeliveryAttempt", "ExpiryWarning", "Invitation", "LinkedCredential", "ListedLicense",
    "Location", "NotificationRecipient", "Organization", "OutboxMessage", "PERMISSIONS", "Role",
    "RolePermission", "SyncRun", "UTCDateTime", "User", "user_locations", "user_roles", "utcnow",
]
