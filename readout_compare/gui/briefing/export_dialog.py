"""File ▸ Export…: a save dialog where the analyst picks the file, its format and the paper size.

A QFileDialog (Qt's own, not the platform's, so the paper size can sit inside it): one file-type
filter per format, the file name's extension follows the chosen filter, and the paper size is
offered for the formats that have pages (PDF, Word). Typing a name that ends in another known
extension ("briefing.csv") chooses that format, as an analyst would expect. Qt's dialog asks
before replacing an existing file.

The folder, format and paper size are remembered for the next export.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QFileDialog, QGridLayout, QLabel, QLineEdit

from ...export.writers import FORMATS, SUFFIX
from .. import settings as stored

FILTERS = {
    "html": "HTML briefing, opens in any browser (*.html *.htm)",
    "pdf": "PDF briefing (*.pdf)",
    "docx": "Word document, to edit before sending (*.docx)",
    "csv": "CSV table, one row per group of claims (*.csv)",
    "json": "JSON, the align contract with judgements (*.json)",
}
FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "docx": "Word", "csv": "CSV", "json": "JSON"}
PAPERS = (("a4", "A4"), ("letter", "US Letter"))
PAGED = ("pdf", "docx")  # formats that have a paper size
_BY_SUFFIX = {".htm": "html", **{suffix: fmt for fmt, suffix in SUFFIX.items()}}


def default_paper() -> str:
    """US Letter where the locale measures in inches (the United States), A4 elsewhere."""
    return "letter" if QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "a4"


def format_of(path: str, chosen: str) -> str:
    """The format a file name asks for by its extension, else the chosen filter's."""
    return _BY_SUFFIX.get(Path(path).suffix.lower(), chosen)


def file_stem(title: str) -> str:
    """A file name from the briefing's title: no characters file systems refuse."""
    keep = "".join(ch if ch.isalnum() or ch in " -_.–" else " " for ch in title)
    return " ".join(keep.split())[:80].strip(" .") or "briefing"


class ExportDialog(QFileDialog):
    def __init__(self, parent=None, title: str = "briefing"):
        super().__init__(parent, "Export briefing")
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the paper size lives in the dialog
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.setNameFilters([FILTERS[f] for f in FORMATS])
        s = stored.settings()
        fmt = str(s.value("export/format", "html"))
        fmt = fmt if fmt in FORMATS else "html"
        folder = str(s.value("export/folder", "") or "")
        if not folder or not os.path.isdir(folder):
            folder = os.path.expanduser("~")
        self.setDirectory(folder)
        self.paper = QComboBox()
        self.paper.setObjectName("paperSize")
        for key, name in PAPERS:
            self.paper.addItem(name, key)
        paper = str(s.value("export/paper", default_paper()))
        self.paper.setCurrentIndex(max(0, [k for k, _n in PAPERS].index(paper) if paper in dict(PAPERS) else 0))
        self.paper_label = QLabel("Paper size:")
        self.paper_label.setBuddy(self.paper)
        layout = self.layout()
        if isinstance(layout, QGridLayout):  # Qt's own dialog: a grid whose last rows are name and type
            row = layout.rowCount()
            layout.addWidget(self.paper_label, row, 0)
            layout.addWidget(self.paper, row, 1)
        self.filterSelected.connect(self._filter_selected)
        self.selectNameFilter(FILTERS[fmt])
        self.selectFile(file_stem(title) + SUFFIX[fmt])
        self._filter_selected(FILTERS[fmt])

    def chosen_format(self) -> str:
        return next((f for f, name in FILTERS.items() if name == self.selectedNameFilter()), "html")

    def _name_edit(self) -> QLineEdit | None:
        return self.findChild(QLineEdit, "fileNameEdit")

    def _filter_selected(self, name: str) -> None:
        fmt = next((f for f, n in FILTERS.items() if n == name), "html")
        self.setDefaultSuffix(SUFFIX[fmt].lstrip("."))
        paged = fmt in PAGED
        self.paper.setEnabled(paged)
        self.paper_label.setEnabled(paged)
        # The typed name follows the new format: "briefing.html" becomes "briefing.pdf".
        edit = self._name_edit()
        if edit is not None and edit.text():
            stem, suffix = os.path.splitext(edit.text())
            if suffix.lower() in _BY_SUFFIX and suffix.lower() != SUFFIX[fmt]:
                edit.setText(stem + SUFFIX[fmt])

    def set_format(self, fmt: str) -> None:
        self.selectNameFilter(FILTERS[fmt])
        self._filter_selected(FILTERS[fmt])

    def set_paper(self, paper: str) -> None:
        self.paper.setCurrentIndex([k for k, _n in PAPERS].index(paper))

    def choice(self) -> tuple[str, str, str]:
        """(path, format, paper) of the accepted dialog; remembered for the next export."""
        files = self.selectedFiles()
        path = files[0] if files else ""
        fmt = format_of(path, self.chosen_format())
        paper = self.paper.currentData()
        s = stored.settings()
        s.setValue("export/format", fmt)
        s.setValue("export/paper", paper)
        if path:
            s.setValue("export/folder", os.path.dirname(path))
        s.sync()
        return path, fmt, paper
