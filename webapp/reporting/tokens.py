"""Point-of-sale API tokens: one store each, shown once, stored hashed."""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

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


def authenticate(token: str | None, *, touch: bool = False) -> ApiToken | None:
    """The live token row for a presented token (its store must be active).

    `touch` records the use (at most once a minute, in its own short transaction).
    """
    if not token or not token.startswith(PREFIX):
        return None
    row = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.location))
                            .where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or not row.location.active:
        return None
    if touch:
        _record_use(row)
    return row


def _record_use(row: ApiToken) -> None:
    """Save when the token was last used, if that is more than a minute old.

    Outside the caller's transaction, so the action's insert never waits on the token's row;
    the compare-and-set keeps concurrent requests at the turn of a minute to one write.
    """
    now = utcnow()
    if row.last_used_at is not None and now - row.last_used_at < USE_RECORDED_EVERY:
        return
    with db.engine.begin() as connection:
        connection.execute(update(ApiToken).where(ApiToken.id == row.id, or_(
            ApiToken.last_used_at.is_(None),
            ApiToken.last_used_at < now - USE_RECORDED_EVERY)).values(last_used_at=now))
    set_committed_value(row, "last_used_at", now)  # known now, and not written again


def of_location(location: Location) -> list[ApiToken]:
    """The store's tokens, newest first."""
    return list(db.session.scalars(select(ApiToken).where(
        ApiToken.location_id == location.id).order_by(ApiToken.created_at.desc())))
