"""The Summary dock: the written summary and the coverage chart of the comparison on screen.

The same sentences and the same chart as every briefing (``core.summary.summarize``, drawn by
``export.coverage_image``), so what the analyst reads in the window is what her reader gets.
``show_reading(reading)`` follows the open comparison: the summary is worked out off the GUI
thread (a long comparison has thousands of claims) and a late result for a comparison no longer
on screen is dropped; ``show_reading(None)`` empties the dock.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from ...core.reading import Reading
from ...core.summary import WrittenSummary, summarize
from ...export.coverage_chart import caption
from ...export.coverage_image import coverage_image
from ..background import BackgroundCall

EMPTY = "No comparison is open."
CHART_SCALE = 2  # image pixels per layout pixel: sharp on a high-density screen


def written_summary(reading: Reading) -> WrittenSummary:
    """``summarize(reading)``, worked out once per reading and kept with it. No Qt: the window has
    the comparison's worker call it before the result reaches the GUI thread, so no summary is
    being worked out on another thread while a long comparison is first painted (two Python
    threads share one interpreter lock, and painting would wait for it at every Qt call)."""
    kept = reading.__dict__.get("_written_summary")
    if kept is None:
        kept = reading.__dict__.setdefault("_written_summary", summarize(reading))
    return kept


def summary_html(summary: WrittenSummary) -> str:
    """The sentences as rich text for the dock (escaped: they quote account text)."""
    parts = []
    for section in summary.sections:
        parts.append(f"<p style='margin: 6px 0 2px 0'><b>{escape(section.title)}</b></p>")
        parts.extend(f"<p style='margin: 1px 0'>{escape(s)}</p>" for s in section.sentences)
    return "".join(parts)


class SummaryDock(QDockWidget):
    def __init__(self, parent=None):
        super().__init__("Summary", parent)
        self.setObjectName("summaryDock")
        self.summary: WrittenSummary | None = None
        self._reading: Reading | None = None
        self.text = QTextBrowser()
        self.text.setObjectName("summaryText")
        self.text.setOpenLinks(False)
        self.text.setPlaceholderText(EMPTY)
        self.chart = QLabel()
        self.chart.setObjectName("coverageChart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(4, 4, 4, 4)
        chart_layout.addWidget(self.chart)
        chart_layout.addWidget(self.caption)
        chart_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(chart_box)
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.text, 3)
        layout.addWidget(scroll, 2)
        self.setWidget(body)
        self.worker = BackgroundCall(self)
        self.worker.finished.connect(self._show)
        self.worker.failed.connect(lambda message: self.text.setPlainText(f"Could not summarise this comparison: {message}"))

    def show_reading(self, reading: Reading | None) -> None:
        self._reading = reading
        if reading is None:
            self.worker.cancel()
            self.summary = None
            self.text.clear()
            self.chart.clear()
            self.caption.clear()
            return
        self.worker.start(lambda progress: (reading, written_summary(reading)))

    def _show(self, result) -> None:
        reading, summary = result
        if reading is not self._reading:
            return  # another comparison is on screen now
        self.summary = summary
        self.text.setHtml(summary_html(summary))
        coverage = summary.coverage
        if coverage.topics:
            image = coverage_image(coverage, scale=CHART_SCALE)
            image.setDevicePixelRatio(CHART_SCALE)
            self.chart.setPixmap(QPixmap.fromImage(image))
            self.caption.setText(caption(coverage))
        else:
            self.chart.clear()
            self.caption.clear()
