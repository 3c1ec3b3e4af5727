"""Each API token's request budget, so one runaway point of sale cannot swamp the app.

The counts live in the rate limiter's storage (RATELIMIT_STORAGE_URI), shared by workers.
"""
import functools
import math
import time

from flask import current_app
from limits import parse

from webapp.extensions import limiter

@functools.lru_cache(maxsize=8)
def _limit(text: str):
    """The parsed limit (parsed once: this runs on every API call)."""
    return parse(text)


def retry_after(token_id: int) -> int | None:
    """Count one request of the token; seconds to wait when it is over its limit, else None."""
    limit = _limit(current_app.config["API_RATE_LIMIT"])
    strategy = limiter.limiter
    if strategy.hit(limit, "api-token", str(token_id)):
        return None
    reset_at, _ = strategy.get_window_stats(limit, "api-token", str(token_id))
    return max(1, math.ceil(reset_at - time.time()))
