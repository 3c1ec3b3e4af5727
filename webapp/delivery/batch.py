"""A claimed batch, read once: plain records of the reports and of their stores.

Reading everything a batch needs up front (one query for the reports, one per store and per
performer) keeps the send loop to its HTTP call and one small write per report, and means no
database transaction is open while BioTrack is being waited for.
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased, lazyload

from webapp.biotrack import Credentials, Grant
from webapp.extensions import db
from webapp.config_page.integration.authorizations import (credentials_of, grant_of,
                                                           usable_authorization)
from webapp.models import Action, Delivery, Location, User


@dataclass(frozen=True)
class Item:
    """One leased report."""

    delivery_id: int
    action_id: int
    request_id: str
    attempts: int
    send_as_default: bool
    kind: str
    external_id: str
    performed_at: datetime
    data: dict
    performer_id: int
    location_id: int
    sale_biotrack_id: str | None
    time_zone: str  # the store's, to count a delivery on the store's day


@dataclass
class Store:
    """A store of the batch: whether it can report, and with what."""

    location: Location
    authorization_id: int | None = None
    grant: Grant | None = None
    default: Credentials | None = None
    paused: tuple[str, str] | None = None  # (message, code) once BioTrack refused the store
    choices: dict = field(default_factory=dict)  # performer id -> Choice


def load_items(ids: list[int], worker: str) -> list[Item]:
    """The batch's reports still leased to this worker, in claim order."""
    parent = aliased(Delivery)
    rows = db.session.execute(select(
        Delivery.id, Delivery.action_id, Delivery.revision, Delivery.attempts,
        Delivery.send_as_default, Action.kind, Action.external_id, Action.performed_at,
        Action.data, Action.performed_by_id, Action.location_id, parent.biotrack_id,
        Location.time_zone,
    ).join(Action, Action.id == Delivery.action_id).join(
        Location, Location.id == Action.location_id).outerjoin(
        parent, parent.id == Delivery.depends_on_id).where(
        Delivery.id.in_(ids), Delivery.leased_by == worker)).all()
    order = {delivery_id: n for n, delivery_id in enumerate(ids)}
    items = [Item(r[0], r[1], f"TB-{r[1]}-r{r[2]}", *r[3:]) for r in rows]
    return sorted(items, key=lambda item: order[item.delivery_id])


def load_stores(items: list[Item], known: dict | None = None) -> dict[int, Store]:
    """Each store of the batch with its usable authorization (if any), read once.

    `known` keeps stores read for earlier batches of the same lane (and gets the new ones).
    """
    stores = known if known is not None else {}
    for location_id in {item.location_id for item in items} - stores.keys():
        location = db.session.get(Location, location_id)
        store = Store(location)
        auth = usable_authorization(location)
        if auth is not None:
            store.authorization_id = auth.id
            store.grant, store.default = grant_of(auth), credentials_of(auth)
        stores[location_id] = store
    return stores


def load_performers(items: list[Item]) -> dict[int, User]:
    """The batch's performers, one query."""
    ids = {item.performer_id for item in items}
    # Their roles are not needed here: skip the eager loads every request makes.
    query = select(User).where(User.id.in_(ids)).options(lazyload(User.roles))
    return {user.id: user for user in db.session.scalars(query)}
