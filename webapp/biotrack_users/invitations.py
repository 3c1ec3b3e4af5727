"""Inviting an employee to link their BioTrack account (the linking itself stays theirs)."""

from webapp import audit
from webapp.extensions import db
from webapp.links import external_url
from webapp.mail import queue_email



def invite_to_link(user, location, actor) -> None:
    """Queue the invitation e-mail and audit it."""
    queue_email(to=[user.email], subject=f"Link your BioTrack account for {location.name}",
                template="link_invitation",
                context={"name": user.name, "location": location.name,
                         "license": location.biotrack_license, "inviter": actor.name,
                         # their own "Add Your BioTrack API Credentials" form
                         "link_url": external_url("account.new_credential",
                                                  location=location.id)},
                organization_id=location.organization_id, location_id=location.id)
    audit.record("biotrack_user.link_invited", location_id=location.id, actor=actor, target=user,
                 summary=f"{user.email} invited to link their BioTrack account for "
                         f"{location.biotrack_license}")
    db.session.commit()
