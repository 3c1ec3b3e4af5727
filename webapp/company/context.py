"""What the steps of Settings > Integrations > BioTrack show, and why a step is not open yet."""
from flask import url_for
from sqlalchemy import func, select

from webapp.company.credentials.services import (credentials_list, first_valid_credential,
                                                 reading_credentials)
from webapp.company.forms import (VENDOR_MODE_HINTS, VENDOR_MODE_LABELS, LicenseSyncForm, UbiForm,
                                  VendorModeForm)
from webapp.company.licenses.services import listed_licenses, store_flags, synced_stores
from webapp.company.runs import COMPANIES, LICENSES, last_run
from webapp.company.settings import UBI_CHANGE_EFFECTS, settings_of
from webapp.extensions import db
from webapp.models import Company, Location, Organization

ENDPOINTS = ("save_ubi", "save_vendor_mode", "preview", "refresh_now", "new_credential",
             "license_form", "create_license", "resync")


def blocked_reasons(organization: Organization, vendor_mode: str | None,
                    has_credentials: bool) -> dict[str, str | None]:
    """Per step, why it is not open yet (None when it is)."""
    no_ubi = "Set the BioTrack UBI in step 1 first."
    return {
        "vendors": None if organization.biotrack_ubi else no_ubi,
        "credentials": no_ubi if not organization.biotrack_ubi else (
            None if vendor_mode else "Choose how companies are created from BioTrack vendors "
                                     "(step 1a) first."),
        "licenses": no_ubi if not organization.biotrack_ubi else (
            None if has_credentials else "Add company BioTrack API credentials in step 2 "
                                         "first: TraceBridge lists your UBI's licenses with "
                                         "them."),
    }


def license_choices(listed, synced) -> list[tuple]:
    """The BioTrack License Number options: synced and inactive ones shown but not offered."""
    choices = [("", "Choose a BioTrack license…")]
    for row in listed:
        if not row.listed:
            continue
        label = f"{row.license} — {row.name}" if row.name else row.license
        if row.license in synced:
            choices.append((row.license, f"{label} (already synced: {synced[row.license].name})",
                            {"disabled": True}))
        elif row.status != "active":
            choices.append((row.license, f"{label} ({row.status} in BioTrack)",
                            {"disabled": True}))
        else:
            choices.append((row.license, label))
    return choices


def license_form(organization: Organization, form: LicenseSyncForm | None = None,
                 listed=None, synced=None) -> LicenseSyncForm:
    """The step-3 form with the current license choices."""
    form = form or LicenseSyncForm(formdata=None)
    listed = listed if listed is not None else listed_licenses(organization)
    synced = synced if synced is not None else synced_stores(organization)
    form.license.choices = license_choices(listed, synced)
    return form


# What a step's answer may set (a preview, a notice, a form being edited...); empty otherwise.
_UNTIL_GIVEN = ("autofilled", "created", "credential_form", "editing", "preview",
                "preview_error", "notice", "error")


def page_context(organization: Organization, **extra) -> dict:
    """Everything _steps.html needs; `extra` carries forms with errors, notices, the preview."""
    settings = settings_of(organization)
    credentials = credentials_list(organization)
    valid = first_valid_credential(organization) if organization.biotrack_ubi else None
    listed, synced = listed_licenses(organization), synced_stores(organization)
    reader = reading_credentials(organization) if organization.biotrack_ubi else None
    company_count = db.session.scalar(select(func.count(Company.id)).where(
        Company.organization_id == organization.id))
    context = {
        "organization": organization,
        "settings": settings,
        "mode_labels": VENDOR_MODE_LABELS,
        "mode_hints": VENDOR_MODE_HINTS,
        "mode_locked": bool(settings.vendor_mode) and company_count > 0,
        "has_companies": company_count > 0,
        "company_count": company_count,
        "ubi_effects": UBI_CHANGE_EFFECTS,
        "blocked": blocked_reasons(organization, settings.vendor_mode, valid is not None),
        "credentials": credentials,
        "reader_source": reader.source if reader else None,
        "listed": listed,
        "synced": synced,
        "default_intake_store": db.session.scalar(select(Location).where(
            Location.organization_id == organization.id, Location.default_intake.is_(True))),
        "flags": store_flags(organization.id),
        "companies_run": last_run(organization, COMPANIES),
        "licenses_run": last_run(organization, LICENSES),
        "urls": {name: url_for(f"company.{name}") for name in ENDPOINTS},
        # formdata=None: a form shown as it is stored, not filled from another step's POST.
        "ubi_form": UbiForm(formdata=None, ubi=organization.biotrack_ubi),
        "mode_form": VendorModeForm(formdata=None, mode=settings.vendor_mode),
    } | dict.fromkeys(_UNTIL_GIVEN)
    if "license_form" not in extra:
        extra["license_form"] = license_form(organization, listed=listed, synced=synced)
    context.update(extra)
    return context
