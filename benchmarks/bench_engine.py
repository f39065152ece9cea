"""Engine benchmark: segmentation + alignment + wording time and peak memory.

    python benchmarks/bench_engine.py

Prints, for a pair of ~500-word accounts and a pair of ~20,000-word accounts, the median wall time
of a full compare() (cutting claims, aligning, word diffs) and the process's peak memory.
Targets on a 2-core machine: under 50 ms and under 2 s; peak memory under 300 MB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import account_pair  # noqa: E402

from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.core.model import Account  # noqa: E402
from readout_compare.core.terms import default_vocabulary  # noqa: E402


def measure(words: int, repeats: int) -> tuple[float, int, int]:
    left, right = account_pair(words)
    accounts = [Account("Left", left), Account("Right", right)]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        comparison = compare(accounts)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), sum(len(c) for c in comparison.claims), len(comparison.links)


def main() -> None:
    default_vocabulary()  # loading the glossary is start-up work, not comparison work
    for words, repeats in ((500, 20), (20_000, 3)):
        seconds, claims, links = measure(words, repeats)
        print(f"~{words:>6} words per account: {seconds * 1000:8.1f} ms median of {repeats}  ({claims} claims, {links} links)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
