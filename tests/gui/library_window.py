"""Windows backed by a temporary SQLite library (seeded with the bundled samples), for the
library browser and judgement tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from readout_compare.gui.library.controller import LibraryController
from readout_compare.gui.window import MainWindow

ROUHANI = "Rouhani–Macron phone call, January 2018"
TEHRAN = "Tehran summit of the Astana guarantors on Syria, September 2018"


def open_window(qtbot, url: str, *, seed: bool = True, open_last: bool = True, busy_timeout: float = 5.0, wait: str = "event"):
    """A window on the library at ``url``, started as the application starts it."""
    controller = LibraryController(url, seed=seed, busy_timeout=busy_timeout)
    window = MainWindow(restore=False, library=controller)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    signal = {"event": window.library.eventShown, "list": window.library.eventsListed, "failed": controller.openFailed,
              "shown": window.comparisonShown}[wait]
    with qtbot.waitSignal(signal, timeout=30_000):
        window.library.start(open_last=open_last)
    return window


def close_window(window) -> None:
    window.runner.cancel()
    window.close()
    window.library.controller.close()
    # Work the window started (its summary, a comparison) finishes on its own after the close, its
    # result dropped; wait for it as the application does at exit, so the next test starts clean.
    assert QThreadPool.globalInstance().waitForDone(30_000)


def wait_step(qtbot, window, action, reload: bool = True):
    """Do something that saves to the library, and wait until it is saved (and the event shown again)."""
    front = window.library
    with qtbot.waitSignal(front.stepSaved, timeout=30_000):
        if reload:
            with qtbot.waitSignal(front.eventShown, timeout=30_000):
                action()
        else:
            action()


def wait_event(qtbot, window, action):
    with qtbot.waitSignal(window.library.eventShown, timeout=30_000):
        action()


@pytest.fixture
def library_url(tmp_path):
    return f"sqlite:///{tmp_path / 'library.sqlite'}"


@pytest.fixture
def lib_window(qtbot, library_url):
    window = open_window(qtbot, library_url)
    yield window
    close_window(window)
