"""The benchmark harness: `make bench` prints one JSON line per figure.

Each figure compares ours to a baseline measured in the same run, so the ratio, not the
machine, is what targets are about.
"""
import json
import statistics
import sys
import time

BENCHES = []


def bench(func):
    """Register a benchmark (a function that calls emit())."""
    BENCHES.append(func)
    return func


def emit(name, ours, baseline, unit, target, **extra):
    """Print one figure as a JSON line."""
    line = {"bench": name, "ours": round(ours, 6), "baseline": round(baseline, 6),
            "ratio": round(ours / baseline, 3) if baseline else None, "unit": unit,
            "target": target}
    line.update(extra)
    print(json.dumps(line), flush=True)
    return line


def per_call_ms(func, *, repeat=7, number=100):
    """Median over `repeat` rounds of the mean time of `number` calls, in milliseconds."""
    func()  # warm caches, compile templates
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        rounds.append((time.perf_counter() - start) * 1000 / number)
    return statistics.median(rounds)


def paired_ms(ours, baseline, *, repeat=15, number=50):
    """Median per-call times of `ours` and `baseline`, their rounds interleaved.

    On a shared machine the speed drifts by tens of percent within seconds; alternating the
    two keeps a slow spell from landing on one side of a ratio only.
    """
    ours(), baseline()
    rounds = {ours: [], baseline: []}
    for _ in range(repeat):
        for func in (baseline, ours):
            start = time.perf_counter()
            for _ in range(number):
                func()
            rounds[func].append((time.perf_counter() - start) * 1000 / number)
    return statistics.median(rounds[ours]), statistics.median(rounds[baseline])


def log(message):
    """Progress goes to stderr so stdout stays JSON lines."""
    print(message, file=sys.stderr, flush=True)
