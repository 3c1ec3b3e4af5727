"""Telling a store's admins that its reporting to BioTrack is paused (once per cause)."""

from webapp.links import external_url
from webapp.mail import queue_email
from webapp.config_page.notifications.recipients import recipients_for


def location_paused(location, grant_id, reason: str) -> None:
    """Queue one e-mail per store and cause (the dedupe key makes repeats free)."""
    to = recipients_for([location.id]).get(location.id, [])
    if not to:
        return
    queue_email(
        to=to, subject=f"BioTrack reporting paused for {location.name}",
        template="reporting_paused",
        context={"organization": location.organization.name, "location": location.name,
                 "license": location.biotrack_license, "reason": reason,
                 "integration_url": external_url("integration.index", location=location.id),
                 "log_url": external_url("delivery_log.log", status="paused")},
        dedupe_key=f"reporting-paused:{location.id}:{grant_id or 'none'}",
        organization_id=location.organization_id, location_id=location.id)
