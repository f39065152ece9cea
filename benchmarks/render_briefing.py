#!/usr/bin/env python3
"""Write a PDF briefing and render its pages to PNG, to look at them (not a test dependency).

Needs pdftoppm (Debian: apt-get install poppler-utils).

    python benchmarks/render_briefing.py [--out DIR] [--pages N] [--paper a4|letter] [FILE FILE ...]

Without files, the bundled default sample is used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readout_compare.cli import DEFAULT_SAMPLE, sample_files  # noqa: E402
from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.core.ingest import read_account  # noqa: E402
from readout_compare.export.writers import write_briefing  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--out", default="briefing-pages")
    parser.add_argument("--pages", type=int, default=1)
    parser.add_argument("--paper", default="a4")
    parser.add_argument("--title", default="")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    files, title = args.files, args.title
    if not files:
        files = sample_files(DEFAULT_SAMPLE)
        gold = json.loads((Path(files[0]).parent / "gold.json").read_text(encoding="utf-8"))
        title = title or gold.get("title", "")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pdf = write_briefing(compare([read_account(f) for f in files]), "pdf", out / "briefing.pdf",
                         title=title, paper=args.paper)
    subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", str(args.pages), str(pdf), str(out / "page")], check=True)
    for png in sorted(out.glob("page*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
