"""Run every benchmark, or those named on the command line: python -m bench [name ...]."""
import sys

from bench import BENCHES
from bench import (api, dashboard, delivery, expiry, integration_status, scale,  # noqa: F401
                   scaleout, slow_store, soak, under_load)


def main(names):
    """Run the selected benchmarks in registration order."""
    for func in BENCHES:
        if not names or func.__name__ in names:
            func()


if __name__ == "__main__":
    main(sys.argv[1:])
