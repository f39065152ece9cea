"""The window on a library of 1,000 events: how long until the browser lists them, how long a search
takes from the pause in typing to the list shown, and a judgement from the click to the event shown
again with it (saved, reloaded from the store, panes and table redrawn). Also the longest the GUI
thread went without turning its event loop meanwhile (what the analyst would feel as a freeze).

Run from the repository root:  QT_QPA_PLATFORM=offscreen python benchmarks/bench_library_window.py [--events 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_store import build  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class Stall:
    """The longest gap between two ticks of a 5 ms timer: how long the GUI thread was busy at once."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()


def wait_for(signal, timeout_ms: int = 60_000) -> float:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    start = time.perf_counter()
    loop.exec()
    signal.disconnect(loop.quit)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder.name)  # not the analyst's settings
    url = f"sqlite:///{Path(folder.name) / 'library.sqlite'}"
    build(url, args.events)
    app = QApplication.instance() or QApplication([])
    from readout_compare.gui.library.controller import LibraryController
    from readout_compare.core.reading import State
    from readout_compare.gui.window import MainWindow

    stall = Stall()
    stall.start()
    controller = LibraryController(url, seed=False)
    window = MainWindow(restore=False, remember=False, library=controller)
    window.resize(1400, 900)
    window.show()
    front = window.library
    start = time.perf_counter()
    front.start(open_last=False)
    wait_for(front.eventsListed)
    print(f"window start to {len(front.browser.events)} events listed: {(time.perf_counter() - start) * 1000:.0f} ms;"
          f" longest GUI stall {stall.worst * 1000:.0f} ms")

    for query in ("Pyongyang", "unrest", "xylophone"):
        times, stalls = [], []
        for _ in range(5):
            front.search("")
            wait_for(front.eventsListed)
            stall.start()
            start = time.perf_counter()
            front.search(query)  # what the pause after typing triggers
            wait_for(front.eventsListed)
            times.append(time.perf_counter() - start)
            stalls.append(stall.worst)
        print(f"search {query!r} to {len(front.browser.events)} events listed: {statistics.median(times) * 1000:.0f} ms "
              f"(median of 5); longest GUI stall {max(stalls) * 1000:.0f} ms")

    front.search("")
    wait_for(front.eventsListed)
    front.open_event(front.browser.events[0].id)
    wait_for(front.eventShown)
    times, stalls = [], []
    for n in range(6):
        reading = window.reading
        claim = next(c.id for c in reading.comparison.all_claims() if reading.state(c.id) is not State.MATCHED)
        stall.start()
        start = time.perf_counter()
        front.annotate([claim], tag=f"benchmark {n}") if n % 2 == 0 else front.undo_action.trigger()
        wait_for(front.eventShown)
        times.append(time.perf_counter() - start)
        stalls.append(stall.worst)
    print(f"judgement or undo, click to the event shown again with it: {statistics.median(times) * 1000:.0f} ms "
          f"(median of 6); longest GUI stall {max(stalls) * 1000:.0f} ms")
    window.close()
    controller.close()
    app.processEvents()


if __name__ == "__main__":
    main()
