"""As whom an action is reported: the performer's linked account, or the store's default."""
from dataclasses import dataclass

from webapp.biotrack import Credentials
from webapp.credentials import linked_credential
from webapp.credentials.lookups import live_credential


@dataclass(frozen=True)
class Choice:
    """The credentials to send with, where they come from, and why."""

    creds: Credentials | None
    source: str | None  # "linked" or "default"; None when the action must wait
    reason: str
    linked_id: int | None = None  # the LinkedCredential used, to mark it invalid if refused


def choose(store, performer_id, performers, send_as_default: bool) -> Choice:
    """Linked and valid → as the performer; linked but refused → wait; else the default user.

    The answer for a performer is kept on the store for the rest of the batch.
    """
    if send_as_default:
        return Choice(store.default, "default", "sent as the default user by an admin's choice")
    if performer_id not in store.choices:
        store.choices[performer_id] = _look_up(store, performers[performer_id])
    return store.choices[performer_id]


def _look_up(store, performer) -> Choice:
    """Read the performer's credential for the store's license."""
    location = store.location
    linked = linked_credential(performer, location)
    if linked is not None:
        return Choice(Credentials(ubi=linked.ubi, license=linked.license,
                                  username=linked.username, password=linked.password),
                      "linked", "the performer's linked BioTrack account", linked.id)
    refused = live_credential(performer.id, location.biotrack_license)
    if refused is not None:
        return refused_choice(performer, refused.username, refused.invalid_reason)
    return Choice(store.default, "default", f"{performer.name} has no linked BioTrack account")


def refused_choice(performer, username, reason) -> Choice:
    """The performer's own account does not work: their reports wait for the fix."""
    return Choice(None, None, f"{performer.name}'s linked BioTrack account {username} was "
                              f"refused: {reason} Fix it in Manage Account > My BioTrack "
                              "credentials, or an admin can send it as the default user.")
