"""Each store's BioTrack inventory on hand, cached for the counter (see services)."""
from webapp.features import Feature
from webapp.inventory import jobs
from webapp.inventory.services import find, left, lookup, refresh, snapshot_of

FEATURE = Feature("inventory", jobs=(jobs.refresh_inventories,))

__all__ = ["find", "left", "lookup", "refresh", "snapshot_of"]
