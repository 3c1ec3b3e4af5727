"""What the BioTrack Access section shows for a store."""
from datetime import timedelta
from types import SimpleNamespace

from flask import url_for
from flask_login import current_user

from webapp.config import STATUS_POLL_SECONDS
from webapp.config_page.integration import consent
from webapp.config_page.integration.authorizations import (current_authorization, history,
                                                           status_version)
from webapp.models import utcnow
from webapp.models.integration import FAILED, PENDING
from webapp.timefmt import format_local

JUST_RENEWED = timedelta(minutes=10)


def _renewal_problem(auth):
    """Why the last renewal did not complete, if it ended after the current grant."""
    last = consent.last_finished_request(auth)
    if last is None or last.purpose != consent.RENEW or last.status == "granted":
        return None
    if auth.granted_at and last.finished_at and last.finished_at < auth.granted_at:
        return None
    return last.message


def _renewed(auth, now) -> str | None:
    """Words for a renewal that completed a moment ago (the tab learns of it by polling)."""
    last = consent.last_finished_request(auth)
    if (last is None or last.purpose != consent.RENEW or last.status != "granted"
            or last.finished_at is None or now - last.finished_at > JUST_RENEWED):
        return None
    return (f"Renewed: BioTrack access for {auth.license} now lasts until "
            f"{format_local(auth.expires_at, auth.location.time_zone, with_time=False)}.")


def panel_context(location, *, form=None, open=False, error=None, notice=None,
                  just_started=False, just_tested=False) -> dict:
    """Everything _section.html needs; it polls only while a consent is pending."""
    now = utcnow()
    auth = current_authorization(location)
    # A request whose time ran out is shown as the consent-timeouts job will record it.
    request, timed_out = consent.waiting_request(auth, now) if auth else (None, False)
    pending = None if timed_out else request
    past = history(location)
    if timed_out and auth.state == PENDING:
        failed = SimpleNamespace(username=auth.username, license=auth.license,
                                 registered_at=auth.registered_at, deactivated_at=None,
                                 deactivated_by=None, state=FAILED,
                                 last_error=consent.TIMED_OUT)
        auth, past = None, [failed] + past
    return {
        "location": location,
        "auth": auth,
        "state": auth.effective_state(now) if auth is not None else "none",
        "days_left": auth.days_left(now) if auth is not None else None,
        "pending": pending,
        "renewal_problem": (consent.TIMED_OUT if timed_out else _renewal_problem(auth))
        if auth is not None and not pending else None,
        "last_failure": past[0] if auth is None and past and past[0].state == FAILED else None,
        "history": past,
        "form": form,
        "open": bool(open) or pending is not None,
        "error": error,
        "notice": notice or (_renewed(auth, now) if auth is not None and not pending else None),
        "just_started": just_started,
        "just_tested": just_tested,
        "poll_seconds": STATUS_POLL_SECONDS,
        "can_manage_org": current_user.can("manage_organization"),
        "urls": {name: url_for(f"integration.{name}", location_id=location.id)
                 for name in ("status", "register", "renew", "cancel", "deactivate", "test")},
        "poll_url": url_for("integration.status", location_id=location.id,
                            v=status_version(location.id, now)) if pending else None,
    }
