"""Each store's BioTrack inventory on hand, cached for the counter (see services)."""
from webapp.inventory import jobs  # noqa: F401  (registers the scheduled refresh)
from webapp.inventory.services import find, left, lookup, refresh, snapshot_of

__all__ = ["find", "left", "lookup", "refresh", "snapshot_of"]
