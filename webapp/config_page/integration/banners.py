"""Layout banners (and the dashboard tile) about stores' BioTrack authorization."""
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Authorization, utcnow
from webapp.models.integration import EXPIRED, WARNING_WINDOW
from webapp.config_page.integration.authorizations import GRANTED_STATES
from webapp.timefmt import format_local


def expiry_banners() -> list[dict]:
    """One banner per store the user configures whose grant expires within the warning window."""
    if not current_user.can("config_page"):
        return []
    stores = {loc.id: loc for loc in current_user.locations if loc.active}
    if not stores:
        return []
    now = utcnow()
    due = db.session.scalars(select(Authorization).where(
        Authorization.location_id.in_(stores), Authorization.state.in_(GRANTED_STATES),
        Authorization.expires_at <= now + WARNING_WINDOW))
    banners = []
    for auth in due:
        store = stores[auth.location_id]
        when = format_local(auth.expires_at, store.time_zone, with_time=False)
        url = url_for("integration.index", location=store.id)
        if auth.effective_state(now) == EXPIRED:
            banners.append({"level": "error", "url": url, "link_text": "Renew it now",
                            "message": f"BioTrack authorization for {store.name} "
                                       f"({auth.license}) expired on {when}: reporting to "
                                       "BioTrack is stopped for this store."})
        else:
            days = auth.days_left(now)
            banners.append({"level": "warning", "url": url, "link_text": "Renew it",
                            "message": f"BioTrack authorization for {store.name} "
                                       f"({auth.license}) expires in {days} "
                                       f"day{'s' if days != 1 else ''}, on {when}."})
    return banners


def authorization_tile(location) -> list[dict]:
    """The dashboard's "BioTrack access" tile for users who configure the store."""
    if not current_user.can("config_page"):
        return []
    from webapp.config_page.integration.authorizations import current_authorization
    auth = current_authorization(location)
    url = url_for("integration.index", location=location.id)
    if auth is None:
        return [{"label": "BioTrack access: not connected", "value": "—", "url": url,
                 "level": "error"}]
    state = auth.effective_state()
    if state == "pending":
        return [{"label": "BioTrack access: waiting for consent", "value": "…", "url": url,
                 "level": "warn"}]
    labels = {"active": (None, "days of BioTrack access left"),
              "expiring": ("warn", "days of BioTrack access left: renew"),
              "expired": ("error", "BioTrack access expired: renew")}
    level, label = labels[state]
    return [{"label": label, "value": auth.days_left(), "url": url, "level": level}]


