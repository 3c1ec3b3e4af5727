"""Fresh access tokens for grants: refresh when expired, once per grant at a time, and tell the app."""
import logging
import threading
from typing import Callable

from .records import Grant

log = logging.getLogger("webapp.biotrack")


class GrantKeeper:
    """Remembers the newest access token of each grant so a stale Grant passed in is not refreshed twice."""

    def __init__(self, refresh: Callable[[Grant], Grant], on_refresh: Callable[[Grant], None] | None, *, leeway_seconds: float = 60):
        self._refresh = refresh
        self._on_refresh = on_refresh
        self._leeway = leeway_seconds
        self._latest: dict[str, Grant] = {}
        self._lock = threading.Lock()
        self._grant_locks: dict[str, threading.Lock] = {}

    def newest(self, grant: Grant) -> Grant:
        """The grant given, or a newer copy of it refreshed earlier by this client."""
        with self._lock:
            known = self._latest.get(grant.grant_id)
        if known is not None and known.access_expires_at > grant.access_expires_at:
            return known
        return grant

    def access_token(self, grant: Grant) -> str:
        """A usable access token, refreshing the grant first if its token has (nearly) expired."""
        current = self.newest(grant)
        if not current.access_expired(self._leeway):
            return current.access_token
        return self.refresh(current, stale_token=current.access_token).access_token

    def refresh(self, grant: Grant, *, stale_token: str | None = None) -> Grant:
        """Refresh now, unless another thread already replaced `stale_token`."""
        with self._lock:
            lock = self._grant_locks.setdefault(grant.grant_id, threading.Lock())
        with lock:
            current = self.newest(grant)
            if stale_token is not None and current.access_token != stale_token and not current.access_expired(self._leeway):
                return current
            fresh = self._refresh(current)
            self.remember(fresh, refreshed=True)
            return fresh

    def remember(self, grant: Grant, *, refreshed: bool = False) -> None:
        """Keep a grant as the newest known; hand a refreshed one to the app's hook."""
        with self._lock:
            self._latest[grant.grant_id] = grant
        if refreshed and self._on_refresh is not None:
            try:
                self._on_refresh(grant)
            except Exception:  # the app failing to save must not fail the report that needed the token
                log.exception("on_grant_refresh hook failed for grant %s", grant.grant_id)
