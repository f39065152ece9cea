"""The briefing room: File ▸ Export…, File ▸ Print…, Edit ▸ Copy selected groups as rich text,
and the "matched by" note in the status bar.

The window puts the room's actions (``export_action``, ``print_action``, ``copy_rich_action``)
in its menus, its ``status_widgets()`` in the status bar and its ``summary_dock`` (the written
summary and the coverage chart of the comparison on screen) beside the panes; it hands the room two questions
it may ask (``reading()``: the reading on screen; ``selected_groups()``: the groups the analyst
selected) and tells it when a comparison is shown (``comparison_shown``). The room says what it
did through ``status`` (a line for the status bar), ``exported``, ``exportFailed`` and
``previewOpened``. Slow work never runs on the GUI thread: the export (every format) and the
briefing model for the print preview are made by a ``BackgroundCall``; the status bar shows
progress and the window stays usable meanwhile. The writers replace the target only once the
new file is complete, so a failed export never leaves half a file.

The briefing's title, event date and the analyst's tags, notes and reviewed groups come from
the event when the comparison was opened from the library (a reading with a ``stored`` event:
``title``, ``date``, ``annotations``, ``reviewed``, read duck-typed so this module does not
import the store); ``title`` and ``judgements`` can be replaced by callables that know better.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressBar, QWidget

from ...core.model import Group
from ...core.plural import counted
from ...core.reading import Reading
from ...export.briefing import build_briefing, judgements_from_library
from ...export.json_form import library_record
from ...export.writers import ExportError, check_target, write_briefing
from ..actions import make_action
from ..background import BackgroundCall
from ..matcher import matcher_note, matcher_tooltip
from .clipboard import groups_mime
from .export_dialog import FORMAT_NAMES, ExportDialog, default_paper
from .export_process import IN_PROCESS, write_in_process
from .summary_dock import SummaryDock


class BriefingRoom(QObject):
    exported = Signal(str)  # the path written
    exportFailed = Signal(str)  # the one-line message shown
    previewOpened = Signal(object)  # the print preview dialog, just before it is shown
    status = Signal(str, int)  # a line for the status bar, and for how many ms (0: until replaced)

    def __init__(self, parent: QWidget | None = None, *, reading: Callable[[], Reading | None] = lambda: None,
                 selected_groups: Callable[[], list[Group]] = list):
        super().__init__(parent)
        self.reading = reading  # the reading on screen (a library event's has its ``stored`` event)
        self.selected_groups = selected_groups
        self.title: Callable[[], str] = self._event_title
        self.judgements: Callable[[], Mapping[str, Any] | None] = self._event_judgements
        self.paper = default_paper()
        self.error_box: QMessageBox | None = None
        self.export_action = make_action(parent, "&Export briefing…", self.export, "Ctrl+E",
                                         "Write the briefing as HTML, PDF, Word, CSV or JSON")
        self.print_action = make_action(parent, "&Print briefing…", self.print_preview, "Ctrl+P",
                                        "Preview and print the briefing")
        self.copy_rich_action = make_action(parent, "Copy selected groups as &rich text", self.copy_rich_text, "Ctrl+Shift+C",
                                            "Copy the selected groups as a table to paste into an e-mail")

        self.exporter = BackgroundCall(self)
        self.exporter.progress.connect(self._export_progress)
        self.exporter.finished.connect(self._exported)
        self.exporter.failed.connect(self._export_failed)
        self.briefer = BackgroundCall(self)  # builds the briefing model for printing
        self.briefer.finished.connect(self._open_preview)
        self.briefer.failed.connect(lambda message: self._fail("Could not prepare the briefing for printing", message))

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(180)
        self.progress.setFormat("Export %p%")
        self.progress.hide()
        self.matcher_label = QLabel()
        self.matcher_label.setObjectName("matcherNote")
        self.matcher_label.setTextFormat(Qt.TextFormat.PlainText)
        self._target = ("", "")
        self.summary_dock = SummaryDock(parent)  # the window places it; it follows the comparison shown

    def status_widgets(self) -> list[QWidget]:
        """For the status bar's right-hand side, in this order: the export's progress, the matcher."""
        return [self.progress, self.matcher_label]

    def _parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    # -- the comparison on screen --------------------------------------------------------------------
    def _comparison(self):
        reading = self.reading()
        return reading.comparison if reading is not None else None

    def _stored_event(self):
        """The library's event behind the comparison on screen, if it came from the library."""
        return getattr(self.reading(), "stored", None)

    def _event_title(self) -> str:
        return str(getattr(self._stored_event(), "title", "") or "")

    def _event_date(self) -> str:
        return str(getattr(self._stored_event(), "date", "") or "")

    def _event_judgements(self) -> Mapping[str, Any] | None:
        stored = self._stored_event()
        if stored is None:
            return None
        return judgements_from_library(self.reading().comparison, getattr(stored, "annotations", ()), getattr(stored, "reviewed", ()))

    def briefing_options(self) -> dict:
        """Title, event date and judgements for the briefing of the comparison on screen."""
        return {"title": self.title(), "judgements": self.judgements(), "event_date": self._event_date()}

    def comparison_shown(self) -> None:
        """Another comparison is on screen: say which matcher made it; a preview asked for before is stale."""
        self.briefer.cancel()  # a preview asked for before another comparison replaced it would be stale
        self.summary_dock.show_reading(self.reading())
        comparison = self._comparison()
        if comparison is not None:
            self.matcher_label.setText(matcher_note(comparison.matcher))
            self.matcher_label.setToolTip(matcher_tooltip(comparison.matcher))

    def _say(self, text: str, msecs: int = 0) -> None:
        self.status.emit(text, msecs)

    def _fail(self, what: str, message: str) -> None:
        """One line in a message box; the window stays usable (the box is not application-modal)."""
        if self.error_box is not None:
            self.error_box.close()
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, what, f"{what}: {message}", QMessageBox.StandardButton.Ok, self._parent_widget())
        self.error_box.setTextFormat(Qt.TextFormat.PlainText)  # a file named "<b>.pdf" is a name, not markup
        self.error_box.setWindowModality(Qt.WindowModality.WindowModal)
        self.error_box.open()

    # -- export ----------------------------------------------------------------------------------------
    def export(self) -> None:
        comparison = self._comparison()
        if comparison is None:
            self._say("Nothing to export yet: open two or more accounts first", 5000)
            return
        if self.exporter.busy:
            self._say("An export is already running", 5000)
            return
        # the event's title, else the accounts' labels, as the window's title names them
        name = self.title() or " / ".join(a.label for a in comparison.accounts).replace(" / ", " – ")
        dialog = ExportDialog(self._parent_widget(), name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, fmt, paper = dialog.choice()
        if path:
            self.paper = paper
            self.export_to(path, fmt, paper)

    def export_to(self, path: str, fmt: str, paper: str = "a4") -> bool:
        """Start writing the briefing; the outcome arrives as ``exported`` or ``exportFailed``."""
        comparison = self._comparison()
        if comparison is None or self.exporter.busy:
            return False
        try:
            check_target(path)  # a missing folder is said at once, before any work
        except ExportError as exc:
            self._export_failed(str(exc))
            return False
        self._target = (str(path), fmt)
        self.export_action.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self._say(f"Exporting the {FORMAT_NAMES.get(fmt, fmt)} briefing…")
        # PDF, Word and JSON writers hold Python's lock in long C calls that would freeze the
        # window even from a thread (see export_process): they are written by a child process.
        writer = write_in_process if fmt in IN_PROCESS else write_briefing
        stored = self._stored_event()
        record = library_record(stored) if stored is not None else None  # the analyst's work, in a JSON export
        self.exporter.start(partial(
            writer, comparison, fmt, path, paper=paper, record=record, **self.briefing_options(),
        ))
        return True

    def _export_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self._say(f"{text}…")

    def _export_done(self) -> None:
        self.progress.hide()
        self.export_action.setEnabled(True)

    def _exported(self, path) -> None:
        self._export_done()
        fmt = FORMAT_NAMES.get(self._target[1], "")
        self._say(f"Exported the {fmt} briefing to {path}")
        self.exported.emit(str(path))

    def _export_failed(self, message: str) -> None:
        self._export_done()
        self._say("")
        self._fail("Could not export the briefing", message)
        self.exportFailed.emit(message)

    # -- printing --------------------------------------------------------------------------------------
    def print_preview(self) -> None:
        comparison = self._comparison()
        if comparison is None:
            self._say("Nothing to print yet: open two or more accounts first", 5000)
            return
        options = self.briefing_options()
        self._say("Preparing the briefing for printing…")
        # A long comparison's briefing model takes longer than a frame: build it off the GUI thread.
        self.briefer.start(lambda progress: build_briefing(comparison, **options))

    def _open_preview(self, briefing) -> None:
        from .printing import BriefingPreview

        self._say("")
        dialog = BriefingPreview(briefing, self.paper, self._parent_widget())
        self.previewOpened.emit(dialog)
        dialog.exec()
        dialog.deleteLater()

    # -- clipboard -------------------------------------------------------------------------------------
    def copy_rich_text(self) -> None:
        groups = self.selected_groups()
        if not groups:
            self._say("Select one or more groups first (in the claims table or by clicking a claim)", 5000)
            return
        QApplication.clipboard().setMimeData(groups_mime(self.reading().comparison, groups, self.judgements()))
        n = len(groups)
        self._say(f"Copied {counted(n, 'group')} as rich text", 5000)
