"""As whom an action is reported: the performer's linked account, or the store's default."""
from dataclasses import dataclass

from webapp.biotrack import Credentials
from webapp.credentials import linked_credential
from webapp.credentials.lookups import live_credential
from webapp.integration.store import credentials_of
from webapp.models import Authorization, Delivery


@dataclass(frozen=True)
class Choice:
    """The credentials to send with, where they come from, and why."""

    creds: Credentials | None
    source: str | None  # "linked" or "default"; None when the action must wait
    reason: str
    linked: object = None  # the LinkedCredential used, to mark it invalid if refused


def choose(delivery: Delivery, auth: Authorization) -> Choice:
    """Linked and valid → as the performer; linked but invalid → wait; else the default user."""
    action = delivery.action
    performer, location = action.performed_by, action.location
    default = Choice(credentials_of(auth), "default", "", None)
    if delivery.send_as_default:
        return Choice(default.creds, "default", "sent as the default user by an admin's choice")
    linked = linked_credential(performer, location)
    if linked is not None:
        return Choice(Credentials(ubi=linked.ubi, license=linked.license,
                                  username=linked.username, password=linked.password),
                      "linked", "the performer's linked BioTrack account", linked)
    refused = live_credential(performer.id, location.biotrack_license)
    if refused is not None:
        return Choice(None, None, f"{performer.name}'s linked BioTrack account "
                                  f"{refused.username} was refused: {refused.invalid_reason} "
                                  "Fix it in Manage Account > Traceability Credentials, or an "
                                  "admin can send it as the default user.")
    return Choice(default.creds, "default", f"{performer.name} has no linked BioTrack account")
