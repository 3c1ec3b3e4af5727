"""BioTrack's JSON answers turned into the client's records."""
import base64
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from .errors import Unavailable
from .records import BioTrackUser, Grant, InventoryItem, LicenseInfo, UserPage, Vendor, VendorLicense, utcnow


def parse_time(value) -> datetime | None:
    """An RFC 3339 string as an aware UTC datetime (None stays None)."""
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def unexpected(what: str) -> Unavailable:
    """BioTrack answered 2xx with something we cannot read: treat as not (known to be) done."""
    return Unavailable(f"BioTrack sent an unreadable answer ({what}).", sent=True, code="unexpected_answer")


def grant_from_token(token: dict, previous: Grant | None = None, *, asked_at: datetime | None = None) -> Grant:
    """A Grant from a token endpoint answer (a refresh answer may omit what does not change).

    expires_in counts from when BioTrack issued the token, which is after we asked: counting from
    `asked_at` means we never believe a token lives longer than BioTrack does.
    """
    try:
        old = previous.__dict__ if previous else {}
        return Grant(
            grant_id=token.get("grant_id") or old["grant_id"],
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token") or old["refresh_token"],
            access_expires_at=(asked_at or utcnow()) + timedelta(seconds=int(token.get("expires_in", 3600))),
            created_at=parse_time(token.get("grant_created_at")) or old["created_at"],
            expires_at=parse_time(token.get("grant_expires_at")) or old["expires_at"],
            ubi=token.get("ubi") or old["ubi"],
            license=token.get("license") or old["license"],
            scope=token.get("scope") or old.get("scope", "read_write"),
        )
    except (KeyError, TypeError, ValueError):
        raise unexpected("token answer without the grant's fields") from None


def session_expiry(answer: dict, token: str) -> datetime | None:
    """When a session ends: ExpiresAt, else the JWT's exp claim, else unknown (until refused)."""
    if answer.get("ExpiresAt"):
        return parse_time(answer["ExpiresAt"])
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return datetime.fromtimestamp(int(claims["exp"]), timezone.utc)
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def user_from_json(data: dict) -> BioTrackUser:
    """A BioTrackUser from the API's user object."""
    return BioTrackUser(
        username=data["Username"], first_name=data.get("FirstName", ""), last_name=data.get("LastName", ""),
        is_admin=bool(data.get("Admin")), active=bool(data.get("Active", True)), ubi=str(data.get("UBI", "")),
        licenses=tuple(data.get("Licenses") or ()), created_at=parse_time(data.get("CreatedAt")),
        updated_at=parse_time(data.get("UpdatedAt")),
    )


def user_page_from_json(data: dict) -> UserPage:
    """A UserPage from a users listing."""
    return UserPage(
        items=tuple(user_from_json(u) for u in data.get("Users", [])),
        page=int(data.get("Page", 1)), per_page=int(data.get("PerPage", 25)), total=int(data.get("Total", 0)),
    )


def license_from_json(data: dict) -> LicenseInfo:
    """A LicenseInfo from v1/licenses."""
    return LicenseInfo(
        license=data["License"], name=data.get("Name", ""), status=(data.get("Status") or "inactive").lower(),
        type=data.get("Type", ""), ubi=str(data.get("UBI", "")), address=data.get("Address", ""),
    )


def vendor_from_json(data: dict) -> Vendor:
    """A Vendor from v1/vendors; a license without a status is an inactive one."""
    return Vendor(
        ubi=str(data["UBI"]), name=data.get("Name", ""),
        licenses=tuple(
            VendorLicense(
                license=lic["License"], name=lic.get("Name", ""), address=lic.get("Address", ""),
                producer=bool(lic.get("Producer")), processor=bool(lic.get("Processor")), retail=bool(lic.get("Retail")),
                active=str(lic.get("Status") or "").lower() == "active" and not lic.get("Deleted"),
                deleted=bool(lic.get("Deleted")),
            )
            for lic in data.get("Licenses", [])
        ),
    )


def inventory_item_from_json(data: dict) -> InventoryItem:
    """An InventoryItem from v1/inventory; the quantity as the decimal BioTrack's number spells."""
    quantity = Decimal(str(data["Quantity"]))
    if not quantity.is_finite():
        raise ValueError("quantity is not a number")
    return InventoryItem(barcode=str(data["Barcode"]), product=str(data.get("Product") or ""),
                         quantity=quantity, uom=str(data.get("UOM") or "each"))


def json_object(resp) -> dict:
    """An answer's JSON object, or Unavailable if it has none."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise unexpected(f"HTTP {resp.status_code} without a JSON object")
    return body


def read(parser, resp):
    """Parse an answer; a 2xx we cannot read is an Unavailable, not a crash."""
    try:
        return parser(json_object(resp))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected(f"unexpected JSON from {resp.request.method} "
                         f"{resp.request.path_url}") from None
