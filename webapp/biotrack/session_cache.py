"""BioTrack sessions cached per credential: log in once, again only when BioTrack refuses the session."""
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from .records import Credentials, utcnow

LOCK_STRIPES = 64


@dataclass(frozen=True)
class CachedSession:
    """A session token and when it ends (None: until BioTrack refuses it)."""

    token: str
    expires_at: datetime | None

    def usable(self, leeway: timedelta) -> bool:
        """Whether the session can still be sent (with some leeway before its end)."""
        return self.expires_at is None or utcnow() < self.expires_at - leeway


class SessionCache:
    """Thread-safe, in-memory, keyed by a digest of the credentials (never by the password itself)."""

    def __init__(self, login: Callable[[Credentials], CachedSession], *, max_entries: int = 1024, leeway_seconds: float = 60):
        self._login = login
        self._entries: OrderedDict[str, CachedSession] = OrderedDict()
        self._lock = threading.Lock()
        # Striped locks: one login per credential at a time, without a lock object per credential forever.
        self._stripes = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self._max = max_entries
        self._leeway = timedelta(seconds=leeway_seconds)

    def _cached(self, key: str) -> CachedSession | None:
        """The usable cached session of a key, if any."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry if entry is not None and entry.usable(self._leeway) else None

    def token(self, creds: Credentials) -> str:
        """A session token for these credentials, logging in only if none is cached and usable."""
        key = creds.cache_key()
        entry = self._cached(key)
        if entry is not None:
            return entry.token
        with self._stripes[int(key[:8], 16) % LOCK_STRIPES]:
            entry = self._cached(key)  # another thread may have logged in meanwhile
            if entry is not None:
                return entry.token
            entry = self._login(creds)
            with self._lock:
                self._entries[key] = entry
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
            return entry.token

    def forget(self, creds: Credentials, token: str | None = None) -> None:
        """Drop the cached session (only if it is still `token`, so a fresh one is not thrown away)."""
        key = creds.cache_key()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and (token is None or entry.token == token):
                del self._entries[key]
