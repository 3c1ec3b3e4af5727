"""The delivery log's CSV export in a fresh process: seconds, rows, and extra memory.

Run by bench/scale.py as `python -m bench.export_probe URL`; a fresh process, so the memory
the seeding used earlier cannot hide what the export needs. Prints one JSON object.
"""
import json
import os
import sys
import threading
import time

from bench.app import bench_config, signed_in_client
from webapp import create_app


def rss_mb() -> float:
    """Resident memory of this process."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(url: str) -> dict:
    """Sign in, warm up with an empty export, then stream the whole log while sampling RSS."""
    client = signed_in_client(create_app(bench_config(url)))
    assert client.get("/reports.csv?from=2999-01-01").status_code == 200
    before = peak = rss_mb()
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, rss_mb())
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    started = time.perf_counter()
    response = client.get("/reports.csv", buffered=False)
    lines = sum(chunk.count(b"\n") for chunk in response.response)
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    return {"seconds": seconds, "rows": lines - 1, "extra_memory_mb": round(peak - before, 1)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
