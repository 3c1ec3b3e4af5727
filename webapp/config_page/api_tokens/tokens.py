"""Point-of-sale API tokens: one store each, shown once, stored hashed."""
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from webapp import audit
from webapp.extensions import db
from webapp.models import ApiToken, Location, User, utcnow

PREFIX = "tb_"
# "Last used" is shown to the minute: recording it more often would make every request of a
# store write (and queue on) the same row.
USE_RECORDED_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    """Tokens are bearer secrets: only their hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create(location: Location, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """A new token for the store; returns the row and the token (shown only this once)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(organization_id=location.organization_id, location_id=location.id,
                   name=name.strip()[:80] or "Point of sale", token_hash=_digest(token),
                   prefix=token[:10], created_by_id=actor.id if actor else None)
    db.session.add(row)
    db.session.flush()
    audit.record("api_token.created", organization_id=location.organization_id,
                 location_id=location.id, actor=actor, target=row,
                 summary=f"API token “{row.name}” created for {location.name}")
    db.session.commit()
    return row, token


def revoke(row: ApiToken, actor: User) -> None:
    """Stop a token from working."""
    row.revoked_at = row.revoked_at or utcnow()
    audit.record("api_token.revoked", organization_id=row.organization_id,
                 location_id=row.location_id, actor=actor, target=row,
                 summary=f"API token “{row.name}” revoked")
    db.session.commit()


@dataclass(frozen=True)
class Store:
    """The store a token acts for, as the API needs it (read with the token, in one row)."""

    id: int
    organization_id: int
    name: str


@dataclass(frozen=True)
class Caller:
    """A live token presented to the API, and its store."""

    id: int
    location: Store
    last_used_at: datetime | None
    row: Any = field(default=None, compare=False, repr=False)  # columns a caller joined in

    @property
    def location_id(self) -> int:
        """The token's store."""
        return self.location.id


# Built once: this runs on every API call, and building the statement costs more than running it.
# A caller may extend it with columns (and outer joins) of its own, read in the same row.
LIVE_TOKEN = select(
    ApiToken.id, ApiToken.last_used_at, Location.id.label("store_id"), Location.organization_id,
    Location.name).join(Location, Location.id == ApiToken.location_id).where(
    ApiToken.token_hash == bindparam("digest"), ApiToken.revoked_at.is_(None),
    Location.active.is_(True))


def authenticate(token: str | None, *, touch: bool = False, connection=None,
                 query=LIVE_TOKEN, **params) -> Caller | None:
    """The caller of a presented token, if it is live and its store active (one statement, on
    `connection` or the session's).

    `touch` records the use (at most once a minute, in its own short transaction). `query` may
    be LIVE_TOKEN extended with more columns (taking `params`); its row is the caller's `row`.
    """
    if not token or not token.startswith(PREFIX):
        return None
    connection = connection or db.session.connection()
    row = connection.execute(query, {"digest": _digest(token), **params}).first()
    if row is None:
        return None
    caller = Caller(row.id, Store(row.store_id, row.organization_id, row.name),
                    row.last_used_at, row)
    if touch:
        _record_use(caller)
    return caller


def _record_use(caller: Caller) -> None:
    """Save when the token was last used, if that is more than a minute old.

    Outside the caller's transaction, so the action's insert never waits on the token's row;
    the compare-and-set keeps concurrent requests at the turn of a minute to one write.
    """
    now = utcnow()
    if caller.last_used_at is not None and now - caller.last_used_at < USE_RECORDED_EVERY:
        return
    with db.engine.begin() as connection:
        connection.execute(update(ApiToken).where(ApiToken.id == caller.id, or_(
            ApiToken.last_used_at.is_(None),
            ApiToken.last_used_at < now - USE_RECORDED_EVERY)).values(last_used_at=now))


def of_location(location: Location) -> list[ApiToken]:
    """The store's tokens, newest first."""
    return list(db.session.scalars(select(ApiToken).where(
        ApiToken.location_id == location.id).order_by(ApiToken.created_at.desc())))
