"""The store's inventory as BioTrack lists it: read through the client, kept per store.

A scheduled job refreshes every connected store; a barcode the cache does not know refreshes
it on demand (at most every ON_DEMAND_GAP, so a mistyped barcode cannot hammer BioTrack), and
the page has a Refresh button.
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.action_kinds.fields import BARCODE_RE
from webapp.biotrack import BioTrackError
from webapp.biotrack.app import get_client
from webapp.biotrack_messages import plain
from webapp.extensions import db
from webapp.config_page.integration.authorizations import (credentials_of, grant_of,
                                                           usable_authorization)
from webapp.models import Location, StockItem, StockSnapshot, utcnow

ON_DEMAND_GAP = timedelta(seconds=30)
NOT_CONNECTED = ("{store} has no working BioTrack authorization, so its inventory cannot be "
                 "read. An admin can connect it on Store connection.")


def snapshot_of(location: Location) -> StockSnapshot | None:
    """When the store's inventory was last read (and whether that failed)."""
    return db.session.scalar(select(StockSnapshot).where(StockSnapshot.location_id == location.id))


def refresh(location: Location, now=None, *, actor=None) -> StockSnapshot:
    """Read the store's inventory from BioTrack and replace the cached one; failures are kept."""
    now = now or utcnow()
    auth = usable_authorization(location)
    items, error = None, None
    if auth is None:
        error = NOT_CONNECTED.format(store=location.name)
    else:
        try:
            items = get_client().inventory(grant_of(auth), credentials_of(auth))
        except BioTrackError as failure:
            error = plain(failure)
    try:
        snapshot = _save(location, now, items, error)
    except IntegrityError:
        # Another refresh of the same store committed first: its copy is as fresh as ours.
        db.session.rollback()
        return snapshot_of(location)
    if actor is not None:
        audit.record("inventory.refresh", organization_id=location.organization_id,
                     location_id=location.id, actor=actor, target=location,
                     summary=f"Inventory of {location.name} read from BioTrack"
                             + (f" ({len(items)} items)" if items is not None else " (failed)"))
    db.session.commit()
    return snapshot


def _save(location: Location, now, items, error) -> StockSnapshot:
    """Store the outcome of one read (the items only when it worked)."""
    snapshot = snapshot_of(location) or StockSnapshot(
        organization_id=location.organization_id, location_id=location.id)
    snapshot.attempted_at, snapshot.error = now, error
    if items is not None:
        db.session.execute(delete(StockItem).where(StockItem.location_id == location.id))
        db.session.add_all(StockItem(
            organization_id=location.organization_id, location_id=location.id,
            barcode=i.barcode, product=i.product[:200], quantity=format(i.quantity.normalize(), "f"),
            uom=i.uom[:20]) for i in items)
        snapshot.refreshed_at, snapshot.item_count = now, len(items)
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def find(location: Location, barcodes) -> dict[str, StockItem]:
    """The cached items of these barcodes at the store, by barcode."""
    # Only well-formed barcodes are looked up: anything else (a NUL, say, which PostgreSQL
    # cannot even compare) is in no inventory, and the form says so on the field.
    barcodes = [b for b in set(barcodes) if b and BARCODE_RE.match(b)]
    if not barcodes:
        return {}
    return {i.barcode: i for i in db.session.scalars(select(StockItem).where(
        StockItem.location_id == location.id, StockItem.barcode.in_(barcodes)))}


def lookup(location: Location, barcode: str, now=None) -> StockItem | None:
    """The cached item of a barcode; an unknown one refreshes the cache once in a while."""
    now = now or utcnow()
    item = find(location, [barcode]).get(barcode)
    if item is None:
        snapshot = snapshot_of(location)
        if snapshot is None or snapshot.attempted_at <= now - ON_DEMAND_GAP:
            refresh(location, now)
            item = find(location, [barcode]).get(barcode)
    return item


def left(item: StockItem | None) -> Decimal | None:
    """The quantity on hand as a decimal (None when unknown)."""
    return Decimal(item.quantity) if item is not None else None
