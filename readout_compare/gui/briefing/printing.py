"""File ▸ Print…: the briefing in Qt's print preview, painted by the same code as the PDF.

``paint_briefing`` (export/pdf_form.py) lays the briefing out page by page on any paged
device, so the preview, the printout and the PDF file cannot drift apart. The briefing model is
built before the dialog opens (off the GUI thread, by the caller); the dialog itself paints on
the GUI thread, as Qt's preview requires.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from ...export.briefing import Briefing
from ...export.pdf_form import MARGIN_MM, paint_briefing

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


def make_printer(title: str, paper: str = "a4", mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer with the briefing's paper and margins (the PDF export uses the same)."""
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(PAGE_SIZES.get(paper, QPageSize.PageSizeId.A4)))
    printer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    printer.setDocName(title)
    printer.setCreator("Readout Compare")
    return printer


def print_briefing(briefing: Briefing, printer: QPrinter) -> bool:
    """Paint every page of the briefing on the printer; False if the printer refused to start."""
    return paint_briefing(briefing, printer)


class BriefingPreview(QPrintPreviewDialog):
    """The print preview of one briefing; keeps its printer alive as long as it is open."""

    def __init__(self, briefing: Briefing, paper: str = "a4", parent=None):
        self.printer = make_printer(briefing.title, paper)
        super().__init__(self.printer, parent)
        self.briefing = briefing
        self.setWindowTitle(f"Print preview — {briefing.title}")
        self.resize(900, 1000)
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        # Qt's preview paints every page at once on the GUI thread: a long comparison takes a
        # second or two (benchmarks/bench_export_window.py), so say that the window is busy.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_briefing(self.briefing, printer)
        finally:
            QApplication.restoreOverrideCursor()

    def preview(self) -> QPrintPreviewWidget:
        return self.findChild(QPrintPreviewWidget)
