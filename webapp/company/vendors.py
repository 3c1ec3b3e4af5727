"""What the state's BioTrack vendors become: companies, one per vendor or one per license."""
from dataclasses import dataclass, field

from webapp.biotrack import VendorLicense
from webapp.models import Company, CompanyLicense
from webapp.models.company import PER_LICENSE, PER_VENDOR

LICENSE_FIELDS = ("name", "address", "producer", "processor", "retail", "status")


@dataclass
class Target:
    """What one company should look like after a refresh."""

    key: str
    vendor_ubi: str
    vendor_name: str
    license: str | None
    name: str
    licenses: dict[str, dict] = field(default_factory=dict)  # license -> its fields


def vendor_key(ubi: str) -> str:
    """The source key of a per-vendor company."""
    return f"vendor:{ubi}"


def license_key(license: str) -> str:
    """The source key of a per-license company."""
    return f"license:{license}"


def license_status(lic: VendorLicense) -> str:
    """active, inactive or deleted (BioTrack sends inactive ones without a status)."""
    return "deleted" if lic.deleted else ("active" if lic.active else "inactive")


def usable(lic: VendorLicense) -> bool:
    """Only active, undeleted licenses become companies or company licenses."""
    return lic.active and not lic.deleted


def license_fields(lic: VendorLicense) -> dict:
    """A vendor license as CompanyLicense fields."""
    return {"name": lic.name, "address": lic.address, "producer": lic.producer,
            "processor": lic.processor, "retail": lic.retail, "status": license_status(lic)}


def _per_license_name(vendor, lic: VendorLicense, known: Company | None) -> str:
    """Named like the license; a license named just like its vendor follows its renames."""
    following = (known.source_name == known.vendor_name) if known is not None \
        else (not lic.name or lic.name == vendor.name)
    return vendor.name if following else lic.name


def plan(vendors, mode: str, existing: dict[str, Company]) -> tuple[dict[str, Target], int]:
    """The companies the mode makes of the vendors, and how many licenses it skips."""
    targets, skipped = {}, 0
    for vendor in vendors:
        active = [lic for lic in vendor.licenses if usable(lic)]
        skipped += len(vendor.licenses) - len(active)
        if mode == PER_VENDOR and active:
            key = vendor_key(vendor.ubi)
            targets[key] = Target(key, vendor.ubi, vendor.name, None, vendor.name,
                                  {lic.license: license_fields(lic) for lic in active})
        elif mode == PER_LICENSE:
            for lic in active:
                key = license_key(lic.license)
                targets[key] = Target(key, vendor.ubi, vendor.name, lic.license,
                                      _per_license_name(vendor, lic, existing.get(key)),
                                      {lic.license: license_fields(lic)})
    return targets, skipped


def leftovers(vendors, existing: dict[str, Company], targets: dict[str, Target]) -> dict:
    """Targets for known companies the plan no longer makes: only their statuses change."""
    by_ubi = {vendor.ubi: vendor for vendor in vendors}
    out = {}
    for key, company in existing.items():
        if key in targets:
            continue
        vendor = by_ubi.get(company.vendor_ubi)
        name = vendor.name if vendor is not None and key.startswith("vendor:") \
            else company.source_name
        out[key] = Target(key, company.vendor_ubi, vendor.name if vendor else company.vendor_name,
                          company.license, name)
    return out


def company_changes(company: Company, target: Target) -> dict:
    """Company fields to change; a name the user edited is kept."""
    changes = {}
    if company.vendor_name != target.vendor_name:
        changes["vendor_name"] = target.vendor_name
    if company.source_name != target.name:
        changes["source_name"] = target.name
    if not company.user_edited and company.name != target.name:
        changes["name"] = target.name
    return changes


def license_changes(company: Company, target: Target, index: dict) -> list:
    """(existing CompanyLicense or None, license, fields to set) for every license to touch."""
    have = {cl.license: cl for cl in company.licenses}
    out = []
    for number, fields in target.licenses.items():
        current = have.get(number)
        diff = fields if current is None else \
            {k: v for k, v in fields.items() if getattr(current, k) != v}
        if diff:
            out.append((current, number, diff))
    for number, current in have.items():
        if number not in target.licenses:
            source = index.get(number)
            status = license_status(source) if source is not None else "unlisted"
            if current.status != status:
                out.append((current, number, {"status": status}))
    return out


def new_company(organization_id: int, target: Target, now) -> Company:
    """A company (with its licenses) for a target."""
    company = Company(organization_id=organization_id, source_key=target.key,
                      vendor_ubi=target.vendor_ubi, vendor_name=target.vendor_name,
                      license=target.license, name=target.name, source_name=target.name,
                      created_at=now, updated_at=now)
    company.licenses = [CompanyLicense(organization_id=organization_id, license=number,
                                       created_at=now, updated_at=now, **fields)
                        for number, fields in target.licenses.items()]
    return company
