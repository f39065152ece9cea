#!/usr/bin/env python3
"""How long briefings take when an account holds a long unbroken string (a label, or a "word").

    python benchmarks/bench_long_strings.py [--sizes 10000,200000,1000000] [--formats pdf,docx,html] [--timeout 120]

Each case runs in a child process (a hang cannot stop the script; the child is killed after
--timeout seconds and reported as such) and prints one line: the case, the format, the string's
length and the seconds the export took. Target: PDF of a 1,000,000-character word under 5 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = {("word in the body", "pdf", 1_000_000): 5.0}

CHILD = textwrap.dedent(
    """
    import os, sys, time
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from readout_compare.core.compare import compare
    from readout_compare.core.model import Account
    from readout_compare.core.similarity import LexicalMatcher
    from readout_compare.export.pdf_form import ensure_gui_application
    from readout_compare.export.writers import write_briefing

    case, fmt, size, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    long = ("ab" * (size // 2 + 1))[:size]
    body_a = "The President spoke by telephone with the Prime Minister. They discussed trade and energy."
    body_b = "The Prime Minister spoke by telephone with the President. They discussed energy."
    label_a = "Norvale"
    if case == "label":
        label_a = long
    elif case == "word in the body":
        body_a += " The code word was " + long + "."
    elif case == "title":
        pass
    accounts = [Account(label_a, body_a + "\\n"), Account("Ebria", body_b + "\\n")]
    comparison = compare(accounts, matcher=LexicalMatcher())
    ensure_gui_application()
    start = time.perf_counter()
    write_briefing(comparison, fmt, out, title=long if case == "title" else "")
    print(f"{time.perf_counter() - start:.2f}")
    """
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,200000,1000000")
    parser.add_argument("--formats", default="pdf,docx,html")
    parser.add_argument("--cases", default="word in the body,label,title")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), QT_QPA_PLATFORM="offscreen")
    failed = 0
    print(f"{'case':<18} {'format':<6} {'characters':>10}  seconds")
    with tempfile.TemporaryDirectory() as folder:
        for case in args.cases.split(","):
            for fmt in args.formats.split(","):
                for size in (int(s) for s in args.sizes.split(",")):
                    out = str(Path(folder) / f"briefing.{fmt}")
                    try:
                        result = subprocess.run([sys.executable, "-c", CHILD, case, fmt, str(size), out], capture_output=True,
                                                text=True, timeout=args.timeout, env=env, cwd=ROOT)
                        if result.returncode != 0:
                            shown = "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:100]
                            failed += 1
                        else:
                            shown = result.stdout.strip()
                    except subprocess.TimeoutExpired:
                        shown = f"did not finish in {args.timeout:.0f} s"
                        failed += 1
                    target = TARGET_S.get((case, fmt, size))
                    if target is not None:
                        ok = shown.replace(".", "", 1).isdigit() and float(shown) < target
                        shown += f"  (target under {target:g} s: {'met' if ok else 'MISSED'})"
                        failed += not ok
                    print(f"{case:<18} {fmt:<6} {size:>10,}  {shown}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
