"""``readout-compare eval``: the engine scored on the bundled samples' gold links."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from .samples import GOLD_FILE, bundled_samples, load_sample
from .scoring import MEASURES, Scores, score


def resolve(name: str) -> Path | None:
    """A sample folder from a bundled sample's name or from a path; None if there is none."""
    path = Path(name)
    if path.is_dir() and (path / GOLD_FILE).is_file():
        return path
    for folder in bundled_samples():
        if folder.name == name.rstrip("/"):
            return folder
    return None


def format_summary(scores: Scores) -> list[str]:
    """The totals, in the layout of the shared score.py."""
    lines = []
    for name in MEASURES:
        c = scores.measure(name)
        lines.append(f"{name:12s} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}")
    if scores.seconds:
        median = sorted(scores.seconds)[len(scores.seconds) // 2]
        lines.append(f"median seconds per case {median:.2f}")
    return lines


def run_eval(names: list[str], out: TextIO | None = None, verbose: bool = False, matcher=None) -> int:
    """Compare each sample's accounts with the engine and print its scores, then the totals.

    ``names`` are bundled sample names or sample folders; none means every bundled sample.
    Returns 0, or 2 (with a one-line message on stderr) when a sample is unknown or unreadable.
    """
    from ..core.compare import compare

    out = out or sys.stdout  # looked up now, so a redirected stdout is honoured
    if names:
        folders = []
        for name in names:
            folder = resolve(name)
            if folder is None:
                known = ", ".join(p.name for p in bundled_samples()) or "none"
                print(f"readout-compare eval: unknown sample {name!r} (bundled: {known})", file=sys.stderr)
                return 2
            folders.append(folder)
    else:
        folders = bundled_samples()
        if not folders:
            print("readout-compare eval: no bundled samples found", file=sys.stderr)
            return 2

    total = Scores()
    for folder in folders:
        try:
            sample = load_sample(folder)
        except ValueError as exc:  # SampleError, or the reader's IngestError
            print(f"readout-compare eval: {exc}", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        comparison = compare(sample.accounts, matcher=matcher)
        result = score(comparison, sample, seconds=time.perf_counter() - t0)
        total = total + result
        line = f"{sample.name}: " + "  ".join(f"{m} F1 {result.measure(m).f1:.2f}" for m in MEASURES)
        if verbose:
            line += f"  misses {list(result.misses)}  false {list(result.false)}"
        print(line, file=out)
    for line in format_summary(total):
        print(line, file=out)
    if matcher is not None:
        print(f"matcher {matcher.name}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m readout_compare.evaluation.command", description=run_eval.__doc__)
    parser.add_argument("samples", nargs="*", metavar="SAMPLE")
    parser.add_argument("--verbose", action="store_true", help="list missed and false counterpart pairs")
    args = parser.parse_args(argv)
    return run_eval(args.samples, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())
