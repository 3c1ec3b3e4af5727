"""BioTrack's field names (Items[0].Barcode) translated to ours (items[0].barcode)."""
import re

COMMON = {
    "LocationLicense": "license", "License": "license", "RequestID": "request_id", "ExternalID": "external_id",
    "Datetime": "performed_at", "Admin": "is_admin", "UBI": "ubi",
}
# What one BioTrack name means depends on the call.
PER_CALL = {
    "sale": {"Type": "customer_type"},
    "refund": {"TransactionID": "sale_biotrack_id"},
    "adjustment": {"Type": "adjustment_type"},
    "receiving": {"ManifestID": "manifest_id"},
    "invoice_payment": {"InvoiceID": "invoice_id"},
}
TOKEN = re.compile(r"\[\d+\]|[^.\[\]]+")


def snake(name: str) -> str:
    """FirstName -> first_name."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def ours(path: str, call: str | None = None) -> str:
    """Translate one field path of a BioTrack error."""
    names = COMMON | PER_CALL.get(call or "", {})
    out = ""
    for token in TOKEN.findall(path):
        if token.startswith("["):
            out += token
        else:
            out += ("." if out else "") + names.get(token, snake(token))
    return out or path


def translate(fields: dict | None, call: str | None = None) -> dict[str, str]:
    """Translate every field of a BioTrack error."""
    return {ours(str(k), call): str(v) for k, v in (fields or {}).items()}
