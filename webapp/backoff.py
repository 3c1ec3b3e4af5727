"""The one retry schedule: exponential, capped, with optional jitter.

Reports to BioTrack, e-mails and the BioTrack client's own quick retries all wait by it; only
their base, cap and jitter differ.
"""
import random
from datetime import timedelta


def delay(attempts: int, base_seconds: float, cap_seconds: float, *,
          jitter: float = 0.0) -> timedelta:
    """How long to wait after the `attempts`-th failure: base·2^(attempts−1), at most the cap.

    With jitter j, a random share of up to j of it is taken off, so many retries that failed
    together do not all come back at the same moment.
    """
    seconds = min(cap_seconds, base_seconds * 2 ** max(attempts - 1, 0))
    if jitter:
        seconds *= random.uniform(1.0 - jitter, 1.0)
    return timedelta(seconds=seconds)
