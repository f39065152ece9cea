"""Starting the window: ``readout-compare``, ``readout-compare gui [FILE...]`` and
``readout-compare gui --screenshot PATH`` (renders 1400×900 after the comparison is shown, saves
a PNG and exits; works on the offscreen platform).

The window opens the library (``--db URL``, READOUT_COMPARE_DB, or the embedded default) off the
GUI thread. With no files it shows the event opened last, or the bundled Rouhani–Macron sample
the first time. A screenshot uses the library given with ``--db``, else one of its own in memory
(seeded with the samples), so a scripted run never touches the analyst's library or settings.

``build_window`` makes the main window with its library as ``run`` does, without showing it
(tests and scripts use it); ``run`` shows it and runs the event loop.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .comparison.runner import AccountSource


def startup_sources(files: list[str], use_last: bool = True) -> list[AccountSource]:
    """The files given, else the last comparison's files if they still exist, else the sample."""
    from . import settings as stored
    from .comparison.runner import sample_sources

    if files:
        return [AccountSource(path=f) for f in files]
    last = stored.last_files() if use_last else []
    if len(last) >= 2 and all(Path(p).is_file() for p in last):
        return [AccountSource(path=p) for p in last]
    return sample_sources()


class NoDisplay(Exception):
    """The window cannot open here; the message says what to do instead."""


def check_display(screenshot: str | None) -> None:
    """Raise NoDisplay, with one line saying why and what to install, when Qt's platform plugin
    would not load: Qt itself would abort the process with a misleading message."""
    if not sys.platform.startswith("linux"):
        return
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no display
        return
    from .first_start import platform_problem

    problem = platform_problem()
    if problem:
        raise NoDisplay(problem)


SCREENSHOT_LIBRARY = "sqlite://"  # in memory: a screenshot never reads or changes the analyst's library


def build_window(db: str | None = None, *, scripted: bool = False, seed: bool | None = None, busy_timeout: float = 5.0):
    """The main window on the library at ``db`` (None: READOUT_COMPARE_DB, else the embedded one),
    built but not shown; ``window.library.start(...)`` opens the library.

    ``scripted`` (a screenshot): the window neither restores nor remembers the layout or what was
    opened, and without ``db`` uses a library of its own in memory, seeded with the samples.
    Needs a QApplication.
    """
    from .library.controller import LibraryController
    from .window import MainWindow

    if scripted:
        controller = LibraryController(db or SCREENSHOT_LIBRARY, seed=True if seed is None else seed, busy_timeout=busy_timeout)
    else:
        controller = LibraryController(db, seed=seed, busy_timeout=busy_timeout)
    return MainWindow(restore=not scripted, remember=not scripted, library=controller)


def when_ready(window, callback) -> None:
    """Call ``callback`` once the window shows what it opened: the comparison (the semantic
    matcher's, when a lexical one is shown while the model loads; or why it failed) and, with a
    library, its list of events (or why it could not be opened). A screenshot waits
    for both, so it never catches "Opening the library…" beside an empty Library dock."""
    from PySide6.QtCore import QTimer

    waiting = {"comparison"}
    library = window.library
    if library is not None:
        waiting.add("library")

    def arrived(what: str):
        def done(*_) -> None:
            if what not in waiting:
                return
            waiting.discard(what)
            if not waiting:
                QTimer.singleShot(0, window, callback)
        return done

    comparison_done = arrived("comparison")

    def shown() -> None:
        if window.semantic.pending is None:  # else the semantic matcher's alignment is on its way: that one
            comparison_done()

    window.comparisonShown.connect(shown)
    window.comparisonUpgraded.connect(comparison_done)
    window.semantic.failed.connect(comparison_done)
    window.comparisonFailed.connect(comparison_done)
    if library is not None:
        library_done = arrived("library")
        library.eventsListed.connect(library_done)
        library.controller.openFailed.connect(library_done)
        library.listFailed.connect(library_done)


def run(files: list[str], screenshot: str | None = None, db: str | None = None) -> int:
    check_display(screenshot)
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Readout Compare")
    app.setOrganizationName("readout-compare")
    # A screenshot is a scripted run: it neither reads nor changes what the analyst opens next.
    # A screenshot opens the library named with --db, else one of its own in memory (with the samples).
    window = build_window(db, scripted=bool(screenshot))
    controller = window.library.controller
    outcome = {"code": 0}
    if screenshot:
        window.resize(1400, 900)

        def save() -> None:
            if not window.grab().save(screenshot, "PNG"):
                print(f"readout-compare: could not write the screenshot to {screenshot}", file=sys.stderr)
                outcome["code"] = 2
            if window.message.text():
                print(f"readout-compare: {window.message.text()}", file=sys.stderr)
                outcome["code"] = 2
            window.runner.cancel()
            app.quit()

        when_ready(window, lambda: QTimer.singleShot(50, save))
        QTimer.singleShot(120_000, save)  # never hang a script
    window.show()
    if files:
        window.open_sources(startup_sources(files))
    window.library.start(open_last=not files)
    # Ctrl+C in the terminal closes the window (Python only sees signals when it gets to run).
    signal.signal(signal.SIGINT, lambda *_: window.close())
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)
    app.exec()
    from .engine import window_model

    window_model.close()  # before waiting for the workers: one may be waiting for the model
    window.runner.wait(10_000)
    controller.close()  # the last edit is saved before the process ends
    return outcome["code"]
