"""Shared data of the contract tests (the sandbox's demo seed)."""
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

from webapp.biotrack import Credentials

UBI = "600123456"
DOWNTOWN, UPTOWN, MIDTOWN, RIVERSIDE = "NY-RET-000101", "NY-RET-000102", "NY-RET-000103", "NY-RET-000104"
ADMIN, ADMIN_PASSWORD = "biotrack-admin@demo.test", "bt-admin-pass"
CLERK, CLERK_PASSWORD = "clerk@demo.test", "bt-clerk-pass"
ADMIN_DOWNTOWN = Credentials(UBI, DOWNTOWN, ADMIN, ADMIN_PASSWORD)
ADMIN_UPTOWN = Credentials(UBI, UPTOWN, ADMIN, ADMIN_PASSWORD)
CLERK_DOWNTOWN = Credentials(UBI, DOWNTOWN, CLERK, CLERK_PASSWORD)
CLERK_UPTOWN = Credentials(UBI, UPTOWN, CLERK, CLERK_PASSWORD)


def now() -> datetime:
    return datetime.now(timezone.utc)


def query(url: str) -> dict[str, str]:
    """The query parameters of a URL."""
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def sale(barcode: str = "6001234560000001", quantity="1", price="25.00") -> dict:
    return {"customer_type": "recreational", "items": [{"barcode": barcode, "quantity": quantity, "price": price}]}
