"""Step 3: the licenses BioTrack lists for the UBI, re-synced, and stores created from them."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.admin.stores.saving import save_location
from webapp.biotrack import BioTrackError, InvalidCredentials, Unavailable
from webapp.biotrack.app import get_client
from webapp.company.credentials.services import (company_default_credentials,
                                                 first_valid_credential, mark_invalid)
from webapp.company.runs import LICENSES, MANUAL, RunLog
from webapp.extensions import db
from webapp.models import ListedLicense, Location, Organization, SyncRun, User
from webapp.validation import FieldError

NO_CREDENTIALS = "Add valid company BioTrack API credentials (step 2) first."


def listed_licenses(organization: Organization) -> list[ListedLicense]:
    """What the last license sync found for the current UBI (no-longer-listed ones included)."""
    if not organization.biotrack_ubi:
        return []
    return list(db.session.scalars(select(ListedLicense).where(
        ListedLicense.organization_id == organization.id,
        ListedLicense.ubi == organization.biotrack_ubi).order_by(ListedLicense.license)))


def _fetch(organization: Organization, log: RunLog):
    """The UBI's licenses from BioTrack with the company credentials, or None (logged)."""
    row = first_valid_credential(organization) if organization.biotrack_ubi else None
    log.username = row.username if row is not None else None
    if row is None:
        log.error("No BioTrack UBI is set (step 1)." if not organization.biotrack_ubi
                  else NO_CREDENTIALS)
        return None
    try:
        return get_client().licenses(company_default_credentials(organization))
    except InvalidCredentials as exc:
        mark_invalid(row, exc.message)
        log.error(f"BioTrack refused the company credentials “{row.description}”: "
                  f"{exc.message}")
    except Unavailable as exc:
        log.error(f"BioTrack cannot be reached right now ({exc.message}). Try again in a "
                  "moment.")
    except BioTrackError as exc:
        log.error(f"BioTrack answered: {exc.message}")
    return None


def _apply(organization: Organization, answer, log: RunLog, now: datetime) -> None:
    """Bring the stored list in line with BioTrack's answer, counting what changed."""
    known = {row.license: row for row in listed_licenses(organization)}
    for info in answer:
        values = {"name": info.name, "status": info.status, "type": info.type,
                  "address": info.address, "listed": True, "missing_since": None}
        row = known.pop(info.license, None)
        if row is None:
            db.session.add(ListedLicense(organization_id=organization.id,
                                         ubi=organization.biotrack_ubi, license=info.license,
                                         first_seen_at=now, last_seen_at=now, **values))
            log.created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            _set(row, values, now)
            log.updated += 1
        else:
            row.last_seen_at = now
        log.skipped += not info.active  # an inactive license cannot become a store
    for row in known.values():
        if row.listed:
            _set(row, {"listed": False, "missing_since": now}, None)
            log.updated += 1


def resync_licenses(organization: Organization, now: datetime, trigger: str = MANUAL,
                    actor: User | None = None) -> SyncRun:
    """Refresh the list of the UBI's licenses; one no longer listed is flagged, not deleted."""
    log = RunLog(organization, LICENSES, now, trigger, actor)
    answer = _fetch(organization, log)
    if answer is not None:
        _apply(organization, answer, log, now)
    run = log.finish()
    db.session.flush()
    audit.record("company.licenses_resynced", actor=actor, organization_id=organization.id,
                 target=run, summary=f"BioTrack licenses re-synced ({trigger}): {run.summary()}",
                 details={"errors": run.errors}, biotrack_username=log.username)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log = RunLog(organization, LICENSES, now, trigger, actor)
        log.error("Another license sync ran at the same time; nothing of this one was kept.")
        run = log.finish()
        db.session.commit()
    return run


def _set(row: ListedLicense, values: dict, seen_at) -> None:
    """Update a listed license (and when it was last seen)."""
    for name, value in values.items():
        setattr(row, name, value)
    if seen_at is not None:
        row.last_seen_at = seen_at


def store_flags(organization_id: int) -> dict[str, tuple[str, ListedLicense | None]]:
    """Store licenses BioTrack does not list as active for the UBI, once a sync has run.

    license -> ("missing", row) no longer listed, ("never", None) never listed, or
    ("inactive", row) listed but not active.
    """
    organization = db.session.get(Organization, organization_id)
    rows = {row.license: row for row in listed_licenses(organization)} if organization else {}
    if not rows:
        return {}
    flags = {}
    for lic in db.session.scalars(select(Location.biotrack_license).where(
            Location.organization_id == organization_id, Location.biotrack_license.is_not(None))):
        row = rows.get(lic)
        if row is None:
            flags[lic] = ("never", None)
        elif not row.listed:
            flags[lic] = ("missing", row)
        elif row.status != "active":
            flags[lic] = ("inactive", row)
    return flags


def synced_stores(organization: Organization) -> dict[str, Location]:
    """The organization's stores by BioTrack license."""
    return {loc.biotrack_license: loc for loc in db.session.scalars(select(Location).where(
        Location.organization_id == organization.id, Location.biotrack_license.is_not(None)))}


def create_location(organization: Organization, actor: User, *, license: str, name: str,
                    ocm_license: str | None, time_zone: str, default_intake: bool,
                    report_sales: bool) -> Location:
    """Create License: the store for a listed, active license, as Organization Management does."""
    listed = {row.license: row for row in listed_licenses(organization)}
    row = listed.get(license)
    if row is None or not row.listed:
        raise FieldError("license", "BioTrack does not list this license for your UBI; pick "
                                    "one from the list.")
    if row.status != "active":
        raise FieldError("license", f"{license} is {row.status} in BioTrack; only active "
                                    "licenses can be synced.")
    if license in synced_stores(organization):
        raise FieldError("license", f"{license} is already synced to store "
                                    f"“{synced_stores(organization)[license].name}”.")
    return save_location(organization, actor, name=name, biotrack_license=license,
                         ocm_license=ocm_license, time_zone=time_zone,
                         default_intake=default_intake, report_sales=report_sales)
