"""Who is told about a store: its users with the Config Page permission, plus extra addresses."""
from collections import defaultdict
from typing import Iterable

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import (Location, NotificationRecipient, RolePermission, User,
                           user_locations, user_roles)

NOTIFIED_PERMISSION = "config_page"
# Stores per IN (...) list: under SQLite's bound-parameter limit however many are due.
CHUNK = 5000


def config_page_users(location_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active users who may open the Config Page and work in each store, by store id."""
    return _config_page(User, location_ids)


def _config_page(what, location_ids) -> dict[int, list]:
    """`what` (User, or one of its columns) for each store's Config Page users, by store id."""
    found = defaultdict(list)
    for chunk in _chunks(location_ids):
        rows = db.session.execute(
            select(user_locations.c.location_id, what)
            .join(User, User.id == user_locations.c.user_id)
            .join(Location, Location.id == user_locations.c.location_id)
            .where(user_locations.c.location_id.in_(chunk), User.active.is_(True),
                   User.organization_id == Location.organization_id,
                   User.id.in_(select(user_roles.c.user_id).join(
                       RolePermission, RolePermission.role_id == user_roles.c.role_id)
                       .where(RolePermission.permission == NOTIFIED_PERMISSION)))
            .order_by(User.email))
        for location_id, value in rows:
            found[location_id].append(value)
    return found


def extra_addresses(location_ids: Iterable[int]) -> dict[int, list[str]]:
    """The extra addresses configured for each store, by store id."""
    found = defaultdict(list)
    for chunk in _chunks(location_ids):
        for location_id, email in db.session.execute(
                select(NotificationRecipient.location_id, NotificationRecipient.email)
                .where(NotificationRecipient.location_id.in_(chunk))
                .order_by(NotificationRecipient.email)):
            found[location_id].append(email)
    return found


def recipients_for(location_ids: Iterable[int]) -> dict[int, list[str]]:
    """Every address to tell about each store (users first), without repeats."""
    location_ids = sorted(set(location_ids))
    users, extras = _config_page(User.email, location_ids), extra_addresses(location_ids)
    result = {}
    for location_id in location_ids:
        seen, addresses = set(), []
        for email in users[location_id] + extras[location_id]:
            if email.lower() not in seen:
                seen.add(email.lower())
                addresses.append(email)
        result[location_id] = addresses
    return result


def _chunks(ids: Iterable[int]):
    """Sorted ids in lists of at most CHUNK."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
