#!/usr/bin/env python3
"""Write the PDF and HTML briefings and render them to PNG, to look at them (not a test dependency).

Needs pdftoppm (Debian: apt-get install poppler-utils) for the PDF pages, and headless Chromium
(Debian: apt-get install chromium) for the HTML; without Chromium only the PDF is rendered.

    python benchmarks/render_briefing.py [--out DIR] [--pages N] [--paper a4|letter] [FILE FILE ...]

Without files, the bundled default sample is used. Writes DIR/page-N.png (PDF pages) and
DIR/html.png (the HTML page, as a browser shows it: the summary and its inline SVG chart first).
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
    parser.add_argument("--html-height", type=int, default=2400, help="height of the HTML screenshot in pixels")
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
    comparison = compare([read_account(f) for f in files])
    pdf = write_briefing(comparison, "pdf", out / "briefing.pdf", title=title, paper=args.paper)
    subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", str(args.pages), str(pdf), str(out / "page")], check=True)
    for png in sorted(out.glob("page*.png")):
        print(png)
    html = write_briefing(comparison, "html", out / "briefing.html", title=title)
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        print("chromium not found (apt-get install chromium): the HTML was not rendered", file=sys.stderr)
        return 0
    # A tall window, so the summary, the chart and the first tables are in one picture; no network.
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    f"--window-size=1000,{args.html_height}", f"--screenshot={out / 'html.png'}", html.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    print(out / "html.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
