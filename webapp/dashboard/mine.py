"""The employee's own part of the dashboard: their BioTrack links and their recent actions."""
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from webapp.credentials.lookups import live_credential, user_stores
from webapp.extensions import db
from webapp.models import Action, Delivery, LinkedCredential, User
from webapp.models.credentials import VALID

RECENT = 10


@dataclass(frozen=True)
class StoreLink:
    """Whether the user's BioTrack account is linked for one store, and what to do next."""

    location: object
    credential: LinkedCredential | None

    @property
    def state(self) -> str:
        """"linked", "invalid" or "not_linked"."""
        if self.credential is None:
            return "not_linked"
        return "linked" if self.credential.status == VALID else "invalid"

    @property
    def action(self) -> tuple[str, str] | None:
        """(link text, url) of the form that links or fixes it; None when all is well."""
        if self.state == "not_linked":
            return ("Link your BioTrack account",
                    url_for("account.new_credential", location=self.location.id))
        if self.state == "invalid":
            return ("Fix your BioTrack credentials",
                    url_for("account.edit_credential", credential_id=self.credential.id))
        return None


def store_links(user: User) -> list[StoreLink]:
    """One row per store of the user that reports to BioTrack (one query per store)."""
    return [StoreLink(loc, live_credential(user.id, loc.biotrack_license))
            for loc in user_stores(user)]


def recent_actions(user: User, limit: int = RECENT) -> list[tuple[Action, Delivery]]:
    """The user's latest actions in any store, with their delivery (an index-backed read)."""
    return list(db.session.execute(
        select(Action, Delivery).join(Delivery, Delivery.action_id == Action.id)
        .where(Action.performed_by_id == user.id, Action.organization_id == user.organization_id)
        .order_by(Action.id.desc()).limit(limit)).tuples())
