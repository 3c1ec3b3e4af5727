"""Previewing and running the vendor → company refresh (manual, or nightly by the scheduler)."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.biotrack import BioTrackError, InvalidCredentials, Unavailable
from webapp.biotrack.app import get_client
from webapp.company import vendors as plans
from webapp.company.credentials.services import mark_invalid, reading_credentials
from webapp.company.runs import COMPANIES, MANUAL, RunLog
from webapp.company.settings import settings_of
from webapp.extensions import db
from webapp.models import Company, CompanyCredential, CompanyLicense, Organization, SyncRun, User
from webapp.models.company import VENDOR_MODES

NO_READER = ("TraceBridge has no way to sign in to BioTrack yet: add company BioTrack API "
             "credentials (step 2), or connect a store on Config Page > Integration.")
PREVIEW_LIMIT = 50


class ReadFailed(Exception):
    """The vendor list could not be read; .message says why in plain words."""

    def __init__(self, message: str, username: str | None = None):
        super().__init__(message)
        self.message, self.username = message, username


@dataclass
class ModePreview:
    """What one vendor mode would make of the state's vendors."""

    mode: str
    targets: list
    new: int
    changed: int
    skipped: int

    @property
    def license_count(self) -> int:
        """Licenses the companies would list."""
        return sum(len(t.licenses) for t in self.targets)

    @property
    def shown(self) -> list:
        """The first companies, for the page."""
        return self.targets[:PREVIEW_LIMIT]


def _existing(organization: Organization) -> dict[str, Company]:
    """The organization's companies by source key."""
    return {c.source_key: c for c in db.session.scalars(select(Company).where(
        Company.organization_id == organization.id))}


def read_vendors(organization: Organization):
    """The state's vendors, read with the organization's credentials; ReadFailed otherwise."""
    reading = reading_credentials(organization)
    if reading is None:
        raise ReadFailed(NO_READER)
    try:
        return get_client().vendors(reading.credentials), reading
    except InvalidCredentials as exc:
        if reading.credential_id is not None:
            mark_invalid(db.session.get(CompanyCredential, reading.credential_id), exc.message)
            db.session.commit()
        raise ReadFailed(f"BioTrack refused {reading.source}: {exc.message}",
                         reading.credentials.username) from None
    except Unavailable as exc:
        raise ReadFailed(f"BioTrack cannot be reached right now ({exc.message}). Try again "
                         "in a moment.", reading.credentials.username) from None
    except BioTrackError as exc:
        raise ReadFailed(f"BioTrack answered: {exc.message}", reading.credentials.username) \
            from None


def preview(organization: Organization) -> list[ModePreview]:
    """What each mode would create or change; reads only, writes nothing."""
    vendors, _ = read_vendors(organization)
    existing = _existing(organization)
    index = {lic.license: lic for v in vendors for lic in v.licenses}
    out = []
    for mode in VENDOR_MODES:
        targets, skipped = plans.plan(vendors, mode, existing)
        changed = sum(1 for key, t in targets.items() if key in existing and (
            plans.company_changes(existing[key], t)
            or plans.license_changes(existing[key], t, index)))
        out.append(ModePreview(mode, sorted(targets.values(), key=lambda t: t.name.lower()),
                               sum(1 for key in targets if key not in existing), changed,
                               skipped))
    return out


def _apply(organization: Organization, vendors, mode: str, now: datetime, log: RunLog) -> None:
    """Create and update companies as the mode says; counts go to the log."""
    existing = _existing(organization)
    targets, log.skipped = plans.plan(vendors, mode, existing)
    index = {lic.license: lic for v in vendors for lic in v.licenses}
    for key, target in {**plans.leftovers(vendors, existing, targets), **targets}.items():
        company = existing.get(key)
        if company is None:
            db.session.add(plans.new_company(organization.id, target, now))
            log.created += 1
            continue
        changes = plans.company_changes(company, target)
        licenses = plans.license_changes(company, target, index)
        if not changes and not licenses:
            continue
        for name, value in changes.items():
            setattr(company, name, value)
        for current, number, fields in licenses:
            if current is None:
                current = CompanyLicense(organization_id=organization.id, license=number,
                                         created_at=now)
                company.licenses.append(current)
            for name, value in fields.items():
                setattr(current, name, value)
            current.updated_at = now
        company.updated_at = now
        log.updated += 1


def refresh_companies(organization: Organization, now: datetime, trigger: str = MANUAL,
                      actor: User | None = None) -> SyncRun:
    """Create and update the organization's companies from the state's vendors; idempotent."""
    log = RunLog(organization, COMPANIES, now, trigger, actor)
    mode = settings_of(organization).vendor_mode
    username = None
    if not organization.biotrack_ubi:
        log.error("No BioTrack UBI is set (step 1).")
    elif not mode:
        log.error("Choose how companies are created from BioTrack vendors (step 1a) first.")
    else:
        try:
            vendors, reading = read_vendors(organization)
        except ReadFailed as failed:
            log.error(failed.message)
            username = failed.username
        else:
            username = reading.credentials.username
            _apply(organization, vendors, mode, now, log)
    try:
        return _finish(organization, log, trigger, actor, username)
    except IntegrityError:
        # Another refresh wrote the same companies first; its result stands.
        db.session.rollback()
        log = RunLog(organization, COMPANIES, now, trigger, actor)
        log.error("Another refresh ran at the same time; nothing of this one was kept.")
        return _finish(organization, log, trigger, actor, username)


def _finish(organization, log: RunLog, trigger, actor, username) -> SyncRun:
    """Record the run and its audit event."""
    run = log.finish()
    db.session.flush()
    audit.record("company.companies_refreshed", actor=actor, organization_id=organization.id,
                 target=run, summary=f"Companies refreshed from BioTrack ({trigger}): "
                                     f"{run.summary()}",
                 details={"errors": run.errors}, biotrack_username=username)
    db.session.commit()
    return run
