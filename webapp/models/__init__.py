"""Every model, imported so that alembic and the app see the whole schema."""
from webapp.models.audit import AuditEvent
from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.company import (Company, CompanyCredential, CompanyLicense, CompanySettings,
                                   ListedLicense, SyncRun)
from webapp.models.credentials import BioTrackOwner, LinkedCredential
from webapp.models.integration import Authorization, ConsentRequest
from webapp.models.invitation import Invitation
from webapp.models.inventory import StockItem, StockSnapshot
from webapp.models.mail import OutboxMessage
from webapp.models.notifications import ExpiryWarning, NotificationRecipient
from webapp.models.operations import JobStatus
from webapp.models.org import DEFAULT_TIME_ZONE, Location, Organization
from webapp.models.reporting import (Action, ApiToken, DeliveredDay, Delivery,
                                     DeliveryAttempt)
from webapp.models.session import UserSession
from webapp.models.user import PERMISSIONS, Role, RolePermission, User, user_locations, user_roles

__all__ = [
    "Action", "ApiToken", "AuditEvent", "Authorization", "Base", "BioTrackOwner", "Company",
    "CompanyCredential", "CompanyLicense", "CompanySettings", "ConsentRequest",
    "DEFAULT_TIME_ZONE", "DeliveredDay", "Delivery", "DeliveryAttempt", "ExpiryWarning",
    "Invitation", "JobStatus", "LinkedCredential", "ListedLicense",
    "Location", "NotificationRecipient", "Organization", "OutboxMessage", "PERMISSIONS", "Role",
    "RolePermission", "StockItem", "StockSnapshot", "SyncRun", "UTCDateTime", "User",
    "UserSession", "user_locations", "user_roles", "utcnow",
]
