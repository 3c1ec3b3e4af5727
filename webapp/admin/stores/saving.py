"""Administration > Stores: creating and changing a store, with its licenses kept unique."""
from sqlalchemy import func, select, update

from webapp import audit
from webapp.extensions import db
from webapp.models import Location, Organization, User
from webapp.validation import FieldError


def _check_unique(organization, location, name: str, biotrack_license: str | None) -> None:
    """A store's name and BioTrack license are its own within the organization."""
    others = select(Location).where(Location.organization_id == organization.id)
    if location is not None:
        others = others.where(Location.id != location.id)
    if db.session.scalar(others.where(func.lower(Location.name) == name.strip().lower())):
        raise FieldError("name", "Another store already has this name.")
    if biotrack_license and db.session.scalar(
            others.where(Location.biotrack_license == biotrack_license)):
        raise FieldError("biotrack_license", "Another store already uses this BioTrack license.")


def save_location(organization: Organization, actor: User, *, name: str,
                  biotrack_license: str | None, ocm_license: str | None, time_zone: str,
                  location: Location | None = None, default_intake: bool | None = None,
                  report_sales: bool | None = None) -> Location:
    """Create or update a store; license numbers are unique within the organization.

    default_intake / report_sales: None leaves them as they are; a new default intake
    location replaces the previous one (there is at most one per organization).
    """
    _check_unique(organization, location, name, biotrack_license)
    created = location is None
    if created:
        location = Location(organization_id=organization.id)
        db.session.add(location)
    before = {"name": location.name, "biotrack_license": location.biotrack_license,
              "ocm_license": location.ocm_license, "time_zone": location.time_zone,
              "default_intake": location.default_intake, "report_sales": location.report_sales}
    location.name = name.strip()
    location.biotrack_license = biotrack_license
    location.ocm_license = ocm_license
    location.time_zone = time_zone
    replaced = _claim_default_intake(organization, location) if default_intake else None
    if default_intake is not None:
        location.default_intake = default_intake
    if report_sales is not None:
        location.report_sales = report_sales
    if created and location not in actor.locations:
        # Whoever creates a store can work in it straight away.
        actor.locations.append(location)
    db.session.flush()
    audit.record("location.created" if created else "location.updated", actor=actor,
                 target=location, location_id=location.id,
                 summary=f"Store “{location.name}” {'created' if created else 'updated'}",
                 details={"biotrack_license": biotrack_license, "ocm_license": ocm_license,
                          "time_zone": time_zone, "default_intake": location.default_intake,
                          "report_sales": location.report_sales,
                          "replaced_default_intake": replaced,
                          "before": None if created else before})
    db.session.commit()
    return location


def _claim_default_intake(organization: Organization, location: Location) -> str | None:
    """Clear the organization's other default intake location; returns its name, if any."""
    others = select(Location).where(Location.organization_id == organization.id,
                                    Location.default_intake.is_(True))
    if location.id is not None:
        others = others.where(Location.id != location.id)
    previous = db.session.scalar(others)
    if previous is None:
        return None
    # Its own statement, flushed before the new default is set: the unique index is per row.
    db.session.execute(update(Location).where(Location.id == previous.id)
                       .values(default_intake=False))
    return previous.name
