"""The values the client takes and returns (frozen dataclasses; secrets are kept out of repr)."""
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal

# Keys the session cache: a digest no one can test password guesses against outside this process.
_CACHE_KEY = secrets.token_bytes(32)


def utcnow() -> datetime:
    """Aware UTC now (a function, so tests can patch it)."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Credentials:
    """A BioTrack user's own sign-in for one license."""

    ubi: str
    license: str
    username: str
    password: str = field(repr=False)

    def cache_key(self) -> str:
        """A digest identifying these exact credentials (a changed password is a new key)."""
        raw = "\0".join((self.ubi, self.license, self.username.lower(), self.password))
        return hmac.new(_CACHE_KEY, raw.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Grant:
    """An integrator grant for one license: the 1-hour access token and the refresh token that lasts 100 days."""

    grant_id: str
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    access_expires_at: datetime
    created_at: datetime
    expires_at: datetime
    ubi: str
    license: str
    scope: str = "read_write"

    def access_expired(self, leeway_seconds: float = 60) -> bool:
        """Whether the access token is (about to be) expired."""
        return utcnow() >= self.access_expires_at - timedelta(seconds=leeway_seconds)

    def expired(self) -> bool:
        """Whether the grant itself has lapsed (then only a new consent helps)."""
        return utcnow() >= self.expires_at


@dataclass(frozen=True)
class BioTrackUser:
    """A BioTrack user account of a UBI."""

    username: str
    first_name: str
    last_name: str
    is_admin: bool
    active: bool
    ubi: str
    licenses: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class UserPage:
    """One page of users."""

    items: tuple[BioTrackUser, ...]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class ReportResult:
    """BioTrack's answer to a reported action: its id (TransactionID) and the raw JSON."""

    biotrack_id: str
    raw: dict
    replayed: bool = False


@dataclass(frozen=True)
class LicenseInfo:
    """A license of the company's UBI."""

    license: str
    name: str
    status: str
    type: str
    ubi: str
    address: str = ""

    @property
    def active(self) -> bool:
        """Whether the license is active."""
        return self.status == "active"


@dataclass(frozen=True)
class VendorLicense:
    """A license of a vendor; BioTrack sends inactive ones without a status, deleted ones flagged."""

    license: str
    name: str
    address: str
    producer: bool
    processor: bool
    retail: bool
    active: bool
    deleted: bool


@dataclass(frozen=True)
class Vendor:
    """A business of the state with its licenses."""

    ubi: str
    name: str
    licenses: tuple[VendorLicense, ...]


@dataclass(frozen=True)
class InventoryItem:
    """An item the license holds: its barcode, product, quantity on hand and unit."""

    barcode: str
    product: str
    quantity: Decimal
    uom: str
