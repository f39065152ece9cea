#!/usr/bin/env python3
"""How long each briefing format takes to write: the sample, and a pair of ~20,000-word accounts (40,000 words).

    python benchmarks/bench_export.py [--repeat N] [--words N]

Prints one line per format and case: median milliseconds over N runs, and the median of the
process's CPU time, which a machine shared with other work inflates less (the comparison itself
is made once, before timing; the briefing model is rebuilt in every run, as an export does).

Targets (issue 11): the sample's briefings no slower than twice what they took before the written
summary and the coverage chart (the export code of commit adfba9f, run with today's engine on the
project's 2-core machine at a load of about 1: html 1.5, pdf 28, docx 62, csv 1.5, json 2.4 ms;
another job on the machine can double any of these); the large pair's PDF and Word under 3 s, its
other formats under 10 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.core.ingest import read_account  # noqa: E402
from readout_compare.core.model import Account  # noqa: E402
from readout_compare.export.pdf_form import ensure_gui_application  # noqa: E402
from readout_compare.export.writers import FORMATS, write_briefing  # noqa: E402

BEFORE_SUMMARY_MS = {"html": 1.5, "pdf": 28, "docx": 62, "csv": 1.5, "json": 2.4}  # the sample, at commit adfba9f
TARGET_MS = {"sample": {fmt: 2 * ms for fmt, ms in BEFORE_SUMMARY_MS.items()}, "large": {"pdf": 3000, "docx": 3000}}
LARGE_TARGET_MS = 10_000

PLACES = "Syria Iraq Lebanon Yemen the Gulf the Strait of Keld Porto Alto Tarn the northern border the coast".split(" ")
TOPICS = ["energy cooperation", "the fishing dispute", "the border commission", "trade and investment",
          "the nuclear agreement", "regional security", "the detained citizens", "water sharing",
          "the ballistic missile program", "humanitarian access", "the refugee question", "visa rules",
          "civil aviation", "the grain corridor", "cultural exchanges", "the joint military exercises"]
VERBS = [("agreed", "decided"), ("discussed", "reviewed"), ("stressed", "underlined"), ("welcomed", "praised"),
         ("raised", "brought up"), ("noted", "acknowledged"), ("urged", "called on")]
SYLLABLES = "ka ro ve tes mar lin do sa qui bel nor ta vel mi gor an".split()
WHO = [("The two ministers", "Both sides"), ("The President", "The head of state"),
       ("The foreign minister", "The minister"), ("The delegations", "The two delegations")]


def large_pair(words: int, seed: int = 7) -> list[Account]:
    """Two long accounts of one fictional summit: many shared claims reworded, many only in one."""
    rng = random.Random(seed)
    left, right = [], []
    count = {"left": 0, "right": 0}
    while min(count.values()) < words:
        who, verb, topic = rng.choice(WHO), rng.choice(VERBS), rng.choice(TOPICS)
        place, n = rng.choice(PLACES), rng.randint(2, 40)
        # A made-up project name per claim, so that counterparts share a rare word as real ones do.
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        a = f"{who[0]} {verb[0]} {topic} in {place} and the {name} plan for its {n} working groups over the coming months."
        b = f"{who[1]} {verb[1]} {topic} in {place}, including the {name} plan and {n} working groups, in the months ahead."
        roll = rng.random()
        if roll < 0.6 or (roll < 0.8 and count["left"] < words) or count["right"] >= words:
            left.append(a)
            count["left"] += len(a.split())
        if roll < 0.6 or (roll >= 0.8 and count["right"] < words) or count["left"] >= words:
            right.append(b)
            count["right"] += len(b.split())
    paragraphs = lambda sentences: "\n\n".join(" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6))
    return [Account("Arland Foreign Ministry", paragraphs(left), source="generated", date="2025-05-05"),
            Account("Belmark Foreign Ministry", paragraphs(right), source="generated", date="2025-05-05")]


def sample_accounts() -> list[Account]:
    try:
        from readout_compare.cli import DEFAULT_SAMPLE, sample_files

        return [read_account(f) for f in sample_files(DEFAULT_SAMPLE)]
    except Exception:  # samples not bundled in this checkout: the same call, written inline
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from export.accounts import ELYSEE, IRAN

        return [Account("Iranian presidency", IRAN, date="2018-01-02"), Account("Élysée", ELYSEE, date="2018-01-02")]


def bench(name: str, accounts: list[Account], repeat: int, folder: Path) -> None:
    started = time.perf_counter()
    comparison = compare(accounts)
    made = time.perf_counter() - started
    words = sum(a.words for a in accounts)
    claims = sum(len(c) for c in comparison.claims)
    print(f"{name}: {words} words, {claims} claims, {len(comparison.groups)} groups "
          f"(comparison made in {made:.2f} s, not counted)")
    for fmt in FORMATS:
        times, cpu = [], []
        for _ in range(repeat):
            started, used = time.perf_counter(), time.process_time()
            path = write_briefing(comparison, fmt, folder / f"{name}.{fmt}", title=f"{name} briefing")
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        target = TARGET_MS.get(name, {}).get(fmt, LARGE_TARGET_MS)
        median = statistics.median(times)
        verdict = "ok" if median < target else "SLOW"
        print(f"  {fmt:5s} {median:9.1f} ms  (CPU {statistics.median(cpu):.1f} ms; target < {target:g} ms: {verdict}; "
              f"{path.stat().st_size / 1024:.0f} KiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per format for the sample (the large pair runs once)")
    parser.add_argument("--words", type=int, default=20_000, help="words per account in the large pair")
    args = parser.parse_args()
    ensure_gui_application()
    with tempfile.TemporaryDirectory() as folder:
        # A first, untimed PDF: Qt loads its fonts once per process.
        write_briefing(compare(sample_accounts()), "pdf", Path(folder) / "warm.pdf")
        bench("sample", sample_accounts(), args.repeat, Path(folder))
        bench("large", large_pair(args.words), 1, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
