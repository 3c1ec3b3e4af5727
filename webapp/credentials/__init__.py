"""Linked traceability credentials: each employee's own BioTrack sign-in, per license.

The one store of these credentials. Manage Account > My BioTrack credentials (self-service)
writes them; report delivery reads `linked_credential` and calls `mark_invalid`; the nightly
job runs `verify` over `credentials_to_verify`.
"""
from webapp.credentials import banner, jobs
from webapp.credentials.checks import (Verification, biotrack_user_deactivated,
                                       biotrack_user_reactivated, credentials_to_verify,
                                       mark_invalid, verify)
from webapp.credentials.lookups import (linked_credential, live_credentials, location_of,
                                        owned_credential, resolve_ubi, store_ubi, user_stores)
from webapp.credentials.services import (add_credential, remove, request_password_reset,
                                         update_password)
from webapp.features import Feature

FEATURE = Feature("credentials", banners=(banner.invalid_credential_banners,),
                  jobs=(jobs.verify_linked_credentials,))

__all__ = [
    "Verification", "biotrack_user_deactivated", "biotrack_user_reactivated", "add_credential", "credentials_to_verify", "linked_credential",
    "live_credentials", "location_of", "mark_invalid", "owned_credential", "remove",
    "request_password_reset", "resolve_ubi", "store_ubi", "update_password", "user_stores",
    "verify",
]
