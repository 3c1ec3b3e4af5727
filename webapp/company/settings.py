"""Step 1 and 1a: the company's BioTrack UBI and how vendors become companies."""
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.extensions import db
from webapp.models import Company, CompanyCredential, CompanySettings, Organization, User, utcnow
from webapp.models.company import UNVERIFIED, VENDOR_MODES
from webapp.validation import UBI_RE, FieldError

UBI_CHANGE_EFFECTS = (
    "Company BioTrack API credentials sign in with it: they must be verified again (press "
    "Update on each).",
    "License sync lists this UBI's licenses: stores of the old UBI's licenses may be flagged "
    "as no longer listed.",
    "Employees' own linked BioTrack credentials use it.",
)


def settings_of(organization: Organization) -> CompanySettings:
    """The organization's settings row (a fresh, unsaved one if it has none yet)."""
    row = db.session.scalar(select(CompanySettings).where(
        CompanySettings.organization_id == organization.id))
    return row or CompanySettings(organization_id=organization.id)


def companies_exist(organization: Organization) -> bool:
    """Whether any company was created for the organization."""
    return bool(db.session.scalar(select(func.count(Company.id)).where(
        Company.organization_id == organization.id)))


def set_ubi(organization: Organization, actor: User, ubi: str, *, confirmed: bool) -> bool:
    """Set or change the UBI; a change needs confirmation. Returns whether anything changed."""
    if not UBI_RE.match(ubi or ""):
        raise FieldError("ubi", "The UBI is 9 digits, e.g. 600123456.")
    old = organization.biotrack_ubi
    if old == ubi:
        return False
    if old and not confirmed:
        raise FieldError("ubi", "Confirm the change: it affects the company credentials, the "
                                "license sync and employees' linked credentials.")
    organization.biotrack_ubi = ubi
    touched = 0
    if old:
        # The stored credentials were checked against the old UBI only.
        touched = db.session.execute(update(CompanyCredential).where(
            CompanyCredential.organization_id == organization.id).values(
            ubi=ubi, status=UNVERIFIED,
            status_reason=f"The UBI changed from {old} to {ubi}: press Update to verify these "
                          "credentials with the new UBI.")).rowcount
    audit.record("company.ubi_changed" if old else "company.ubi_set", actor=actor,
                 organization_id=organization.id, target=organization,
                 summary=f"BioTrack UBI changed from {old} to {ubi}" if old
                 else f"BioTrack UBI set to {ubi}",
                 details={"before": old, "after": ubi, "credentials_to_verify": touched})
    db.session.commit()
    return True


def set_vendor_mode(organization: Organization, actor: User, mode: str) -> CompanySettings:
    """Save how vendors become companies; fixed once companies were created that way."""
    if not organization.biotrack_ubi:
        raise FieldError("mode", "Set the BioTrack UBI (step 1) first.")
    if mode not in VENDOR_MODES:
        raise FieldError("mode", "Choose one of the two options.")
    settings = settings_of(organization)
    if settings.vendor_mode == mode:
        return settings
    if settings.vendor_mode and companies_exist(organization):
        raise FieldError("mode", "Companies were already created with the other option. "
                                 "Changing it now would create every partner a second time.")
    before = settings.vendor_mode
    settings.vendor_mode, settings.vendor_mode_set_at = mode, utcnow()
    settings.vendor_mode_set_by_id = actor.id
    db.session.add(settings)
    audit.record("company.vendor_mode_set", actor=actor, organization_id=organization.id,
                 summary=f"Companies will be created {mode.replace('_', ' ')}",
                 details={"before": before, "after": mode})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise FieldError("mode", "Someone saved this preference just now. Reload the "
                                 "page.") from None
    return settings
