"""Render the window at 1400×900 with a find in progress and with the review filter, to look at.

    QT_QPA_PLATFORM=offscreen python benchmarks/screenshot_find_review.py [OUT_FOLDER]

writes ``window-find.png`` (the sample, "Iran" found, the second claim found current, the claims
table keeping only the groups found) and ``window-review.png`` (the "To review" filter, least sure
first, after the analyst accepted the least sure link) into OUT_FOLDER (default: docs/). Uses a
library of its own in memory; never touches the analyst's library or settings.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> int:
    os.environ.setdefault("READOUT_COMPARE_MATCHER", "lexical")  # the same links on every machine
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from readout_compare.gui.app import build_window
    from readout_compare.gui.comparison.table import TO_REVIEW

    def wait(signal=None, ms: int = 30_000) -> None:
        loop = QEventLoop()
        if signal is not None:
            signal.connect(loop.quit)
        QTimer.singleShot(ms if signal is not None else 300, loop.quit)
        loop.exec()

    window = build_window(scripted=True)  # the samples, in a library in memory
    window.resize(1400, 900)
    window.show()
    window.library.start(open_last=True)
    wait(window.library.eventShown)
    wait()
    room = window.comparison
    room.open_find()
    room.find_bar.field.setText("Iran")
    room.find_next()
    room.find_bar.filter_box.setChecked(True)
    wait()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / "window-find.png"))
    print(f"{out / 'window-find.png'}: {room.find_bar.count.text()} claims found, {window.proxy.rowCount()} groups in the table")

    room.close_find()
    room.filter.setCurrentText(TO_REVIEW)
    wait()
    window.library.accept_link()  # the least sure link, accepted; the next one selected
    wait(window.library.eventShown)
    wait()
    window.grab().save(str(out / "window-review.png"))
    print(f"{out / 'window-review.png'}: {room.review_label.text()}, {window.proxy.rowCount()} groups to review")
    window.library.close()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs"))
