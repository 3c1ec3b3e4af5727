"""The BioTrack client: the only code in the app that knows BioTrack's URLs and JSON.

    client = BioTrackClient(base_url, client_id, client_secret, timeout=(3.05, 15), on_grant_refresh=save)

Every licensed call sends the user's session (`Authorization: Bearer <Session>` from v1/login,
cached per credential) and the integrator grant's access token (`X-Integrator-Token`). An expired
access token is refreshed by the client, which then calls `on_grant_refresh(new_grant)` so the
app can store the new access token (the refresh token and the grant's dates do not change).
Failures are the exceptions below; each has .code, .message (no secrets) and .status.
"""
from .client import GRANT_HEADER, BioTrackClient
from .errors import (
    RECOVERABLE_CODES, USER_INACTIVE, AuthorizationInvalid, BioTrackError, Conflict, InvalidCredentials,
    LastAdmin, NotFound, RateLimited, TargetInactive, Unavailable, UsernameExists, ValidationFailed,
)
from .oauth import new_code_verifier
from .payloads import ADJUSTMENT_TYPES, CUSTOMER_TYPES, REPORT_CALLS
from .records import BioTrackUser, Credentials, Grant, InventoryItem, LicenseInfo, ReportResult, UserPage, Vendor, VendorLicense

__all__ = [
    "BioTrackClient", "Credentials", "Grant", "InventoryItem", "BioTrackUser", "UserPage", "ReportResult", "LicenseInfo", "Vendor",
    "VendorLicense", "BioTrackError", "InvalidCredentials", "AuthorizationInvalid", "NotFound", "ValidationFailed",
    "Conflict", "LastAdmin", "UsernameExists", "TargetInactive", "RECOVERABLE_CODES", "USER_INACTIVE",
    "RateLimited", "Unavailable", "GRANT_HEADER", "new_code_verifier", "REPORT_CALLS", "CUSTOMER_TYPES",
    "ADJUSTMENT_TYPES",
]
