#!/usr/bin/env python3
"""Exports from the window: how long each format takes, and how long the GUI thread ever waits.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_export_window.py [--words 20000]

For the sample and a pair of ~20,000-word accounts, each format is exported the way File ▸
Export… does it (PDF in a child process, the others on a worker thread) while a 5 ms timer
ticks on the GUI thread. Printed per format:
  export          from the request to the window hearing the file is written
  longest stall   the largest gap between the timer's ticks meanwhile (the window's freeze)
Also the print preview's page painting (on the GUI thread, as Qt's preview requires) and
copying ten groups as rich text. Target: no stall over 100 ms during an export.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_export import large_pair, sample_accounts  # noqa: E402
from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.export.briefing import build_briefing  # noqa: E402
from readout_compare.export.writers import FORMATS, write_briefing  # noqa: E402
from readout_compare.gui.background import BackgroundCall  # noqa: E402
from readout_compare.gui.briefing.clipboard import groups_mime  # noqa: E402
from readout_compare.gui.briefing.export_process import IN_PROCESS, write_in_process  # noqa: E402
from readout_compare.gui.briefing.printing import make_printer, print_briefing  # noqa: E402

STALL_TARGET_MS = 100


def export_once(app, comparison, fmt: str, path: Path) -> tuple[float, float]:
    """(export ms, longest GUI stall ms) for one export run as the window runs it."""
    call = BackgroundCall()
    ticks: list[float] = []
    outcome: dict = {}
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    call.finished.connect(lambda _r: (outcome.setdefault("ok", True), app.quit()))
    call.failed.connect(lambda m: (outcome.setdefault("error", m), app.quit()))
    writer = write_in_process if fmt in IN_PROCESS else write_briefing
    started = time.perf_counter()
    ticks.append(started)
    timer.start()
    call.start(partial(writer, comparison, fmt, str(path)))
    app.exec()
    ended = time.perf_counter()
    timer.stop()
    if "error" in outcome:
        raise SystemExit(f"{fmt}: {outcome['error']}")
    ticks.append(ended)
    stall = max(b - a for a, b in zip(ticks, ticks[1:]))
    return (ended - started) * 1000, stall * 1000


def bench(app, name: str, accounts, folder: Path) -> None:
    comparison = compare(accounts)
    print(f"{name}: {sum(a.words for a in accounts)} words, {len(comparison.groups)} groups")
    for fmt in FORMATS:
        took, stall = export_once(app, comparison, fmt, folder / f"{name}.{fmt}")
        verdict = "ok" if stall < STALL_TARGET_MS else "STALLS"
        print(f"  export {fmt:5s} {took:8.0f} ms   longest GUI stall {stall:6.1f} ms ({verdict})")
    briefing = build_briefing(comparison)
    printer = make_printer(briefing.title)
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / f"{name}-printed.pdf"))
    started = time.perf_counter()
    print_briefing(briefing, printer)
    print(f"  print pages      {(time.perf_counter() - started) * 1000:8.0f} ms   (on the GUI thread, as the preview paints)")
    started = time.perf_counter()
    groups_mime(comparison, comparison.groups[:10])
    print(f"  copy 10 groups   {(time.perf_counter() - started) * 1000:8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000, help="words per account in the large pair")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        bench(app, "sample", sample_accounts(), Path(folder))
        bench(app, "large", large_pair(args.words), Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
