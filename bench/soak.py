"""The soak at full length: 1,000 actions under random faults, each recorded exactly once."""
import os
import subprocess
import sys
import time

from bench import bench, emit, log
from bench.sandbox import ROOT

ACTIONS = 1000


@bench
def soak_random_faults():
    """Runs tests/delivery/test_soak.py with SOAK_ACTIONS=1000 (target: all, once each)."""
    env = dict(os.environ, SOAK_ACTIONS=str(ACTIONS))
    env.pop("TEST_DATABASE_URL", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/delivery/test_soak.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        log(result.stdout[-3000:])
    delivered_once = ACTIONS if result.returncode == 0 else 0
    emit("soak_random_faults", delivered_once, ACTIONS, "actions delivered exactly once",
         "ratio = 1 (none lost, none doubled)", seconds=round(seconds, 1))
