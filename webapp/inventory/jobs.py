"""Scheduled: every connected store's inventory read again from BioTrack."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.inventory.services import refresh
from webapp.models import Location
from webapp.scheduler import scheduled_job


@scheduled_job("inventory-refresh", trigger="interval", minutes=15)
def refresh_inventories(now):
    """Each active store with a BioTrack license; a store that fails keeps its last copy."""
    counts = {"stores": 0, "failed": 0}
    ids = db.session.scalars(select(Location.id).where(
        Location.active.is_(True), Location.biotrack_license.is_not(None))).all()
    for location_id in ids:
        snapshot = refresh(db.session.get(Location, location_id), now)
        counts["stores"] += 1
        counts["failed"] += bool(snapshot is not None and snapshot.error)
    return counts
