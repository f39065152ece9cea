"""The window with the matcher analysts get by default: semantic when the extra is installed.

(tests/gui runs the window on the lexical matcher for speed; this file checks the default path.)
"""

from __future__ import annotations

import os
import threading

import pytest

from readout_compare.core.semantic import choose_matcher, semantic_available
from readout_compare.resources import sample_files

# The model's runtime keeps a few threads for the life of the process (torch's pool, tqdm's monitor):
# loaded once, on purpose, so they are not a leak.
PROCESS_WIDE = ("tqdm_monitor", "Dummy")


def test_the_variable_chooses_the_matcher(monkeypatch):
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "lexical")
    assert choose_matcher().name == "lexical"
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "bogus")
    with pytest.raises(ValueError, match="unknown matcher"):
        choose_matcher()


@pytest.mark.skipif(not semantic_available(), reason="semantic extra not installed (pip install '.[semantic]')")
def test_the_window_compares_with_the_semantic_matcher_and_says_so(qtbot, monkeypatch):
    from PySide6.QtCore import QThreadPool

    from readout_compare.gui.comparison.runner import AccountSource
    from readout_compare.gui.engine import window_model
    from readout_compare.gui.window import MainWindow

    monkeypatch.delenv("READOUT_COMPARE_MATCHER", raising=False)
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.show()
    first = not window_model.ready  # the model's first use in this process: lexical first, then semantic
    with qtbot.waitSignal(window.comparisonUpgraded if first else window.comparisonShown, timeout=120_000):
        window.open_sources([AccountSource(path=p) for p in sample_files()])
    assert window.reading.comparison.matcher == "semantic"
    assert window.briefing.matcher_label.text() == "matched by: semantic"
    assert QThreadPool.globalInstance().waitForDone(30_000)
    # nothing that would keep the application from quitting
    blocking = [t for t in threading.enumerate() if t.is_alive() and not t.daemon and t is not threading.main_thread()
                and not t.name.startswith(PROCESS_WIDE)]
    assert blocking == []
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # the model never reaches for the network
