"""The main window: menus, toolbar, legend, the side-by-side comparison, the claims table dock,
progress and error messages. It wires widgets to the background runner; the widgets hold no
comparison logic of their own beyond what ``Reading`` gives them.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.marks import MARKS
from ..core.model import Comparison
from ..core.reading import Reading
from . import settings as stored
from .briefing.room import BriefingActions
from .comparison import cues
from .comparison.compare_view import ComparisonView
from .comparison.legend import Legend
from .comparison.runner import AccountSource, ComparisonRunner, sample_sources
from .comparison.table import GroupFilter, GroupTableModel, filters_for

ZOOM_RANGE = (7, 28)
ACCOUNT_FILES = "Accounts (*.txt *.md *.html *.htm);;All files (*)"


class MessageBar(QFrame):
    """An error shown inside the window, above the accounts, until the analyst closes it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)  # follows the system palette, light or dark
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        icon = QLabel("⚠")
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class MainWindow(QMainWindow):
    comparisonShown = Signal()  # the comparison is in the panes and the table (tests and --screenshot wait on it)
    comparisonFailed = Signal(str)

    def __init__(self, runner: ComparisonRunner | None = None, restore: bool = True, remember: bool = True, library=None):
        super().__init__()
        self.remember = remember  # keep the layout and the last comparison for the next start
        self.setWindowTitle("Readout Compare")
        self.resize(1400, 900)
        self.runner = runner or ComparisonRunner(self)
        self.runner.setParent(self)
        self.reading: Reading | None = None
        self.sources: list[AccountSource] = []
        self._zoom = QApplication.font().pointSize() if QApplication.font().pointSize() > 0 else 10

        self.view = ComparisonView()
        self.view.groupSelected.connect(self._group_selected)
        self.message = MessageBar()
        self.legend = Legend()
        self.placeholder = QLabel("Open two or more accounts of the same event: File ▸ New comparison (Ctrl+N).")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.message)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.placeholder, 1)
        self.view.hide()
        self.setCentralWidget(central)

        self._build_table_dock()
        self._build_actions()
        self._build_status()
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self.show_comparison)
        self.runner.failed.connect(self._failed)
        self.apply_zoom(self._zoom)
        self.setAcceptDrops(True)  # drop two or more account files on the window to compare them
        self.library = None  # the library side (browser, judgements, undo), when a library is given
        if library is not None:
            from .library.room import LibraryFront

            self.library = LibraryFront(self, library)
        if restore:
            self.restore_layout()

    # -- construction -------------------------------------------------------------------------------
    def _build_table_dock(self) -> None:
        self.model = GroupTableModel(self)
        self.proxy = GroupFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # Unsorted until the analyst clicks a header: groups already come in reading order, and a
        # sorted proxy would ask for every row of a long comparison each time one is shown.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # several groups to copy
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._table_activated)
        self.table.activated.connect(self._table_activated)
        self.filter = QComboBox()
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._filters = filters_for([])
        for name, _states, _account in self._filters:
            self.filter.addItem(name)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.filter.setToolTip("Show only some kinds of group")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.filter)
        top.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.dock = QDockWidget("Claims table", self)
        self.dock.setObjectName("claimsTable")
        self.dock.setWidget(box)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [200], Qt.Orientation.Vertical)

    def _action(self, text, slot, shortcut=None, tip="", checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.setToolTip(f"{tip or text.replace('&', '')}" + (f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" if shortcut else ""))
        action.setStatusTip(tip or text.replace("&", ""))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("&New comparison…", self.new_comparison, QKeySequence.StandardKey.New, "Open files or paste texts to compare")
        self.open_action = self._action("&Open account files…", self.open_files, QKeySequence.StandardKey.Open, "Choose two or more account files")
        self.sample_action = self._action("Open the &sample", lambda: self.open_sources(sample_sources()), None, "The bundled Rouhani–Macron sample")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.next_action = self._action("&Next difference", self.next_difference, "Alt+Down", "Go to the next omission, conflict or changed wording")
        self.previous_action = self._action("&Previous difference", self.previous_difference, "Alt+Up", "Go to the previous difference")
        self.sync_action = self._action("&Synchronised scrolling", self.view.set_sync, "Ctrl+Shift+S", "Keep aligned claims level while scrolling", checkable=True)
        self.sync_action.setChecked(True)
        self.zoom_in_action = self._action("Zoom &in", lambda: self.apply_zoom(self._zoom + 1), [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action("Zoom &out", lambda: self.apply_zoom(self._zoom - 1), "Ctrl+-")
        self.zoom_reset_action = self._action("&Reset zoom", lambda: self.apply_zoom(QApplication.font().pointSize()), "Ctrl+0")
        self.table_action = self.dock.toggleViewAction()
        self.table_action.setText("Claims &table")
        self.table_action.setShortcut(QKeySequence("Ctrl+T"))
        self.legend_action = self._action("&Legend", lambda on: self.legend.setVisible(on), "Ctrl+Shift+L", checkable=True)
        self.legend_action.setChecked(True)
        self.copy_action = self._action("&Copy selected claims", self.copy_selection, QKeySequence.StandardKey.Copy, "Copy the selected group's claims, with their accounts")
        self.briefing = BriefingActions(self)  # export, print, copy as rich text, "matched by"
        menu = self.menuBar().addMenu("&File")
        for action in (self.new_action, self.open_action, self.sample_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.briefing.export_action)
        menu.addAction(self.briefing.print_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        menu = self.menuBar().addMenu("&Edit")
        menu.addAction(self.copy_action)
        menu.addAction(self.briefing.copy_rich_action)
        menu = self.menuBar().addMenu("&View")
        for action in (self.sync_action, self.table_action, self.legend_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            menu.addAction(action)
        menu = self.menuBar().addMenu("&Go")
        menu.addAction(self.next_action)
        menu.addAction(self.previous_action)
        menu = self.menuBar().addMenu("&Help")
        menu.addAction(self._action("&About Readout Compare", self._about))
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, None, self.previous_action, self.next_action, None, self.sync_action, self.zoom_out_action, self.zoom_in_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)

    def _build_status(self) -> None:
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()
        self.statusBar().addPermanentWidget(self.progress_bar)

    # -- opening accounts ---------------------------------------------------------------------------
    def open_sources(self, sources: list[AccountSource]) -> None:
        """Compare these accounts in the background; the current comparison stays until it is done."""
        self.sources = list(sources)
        self.message.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.statusBar().showMessage("Reading accounts…")
        self.runner.start(self.sources)

    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open account files", "", ACCOUNT_FILES)
        if not paths:
            return
        if len(paths) < 2:
            self.message.show_message("Choose at least two account files (hold Ctrl to pick several), or use File ▸ New comparison.")
            return
        self.open_sources([AccountSource(path=p) for p in paths])

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.library is not None and self.library.dropped(paths):  # a folder: imported into the library
            event.acceptProposedAction()
            return
        if len(paths) < 2:
            self.message.show_message("Drop two or more account files at once to compare them.")
            return
        event.acceptProposedAction()
        self.open_sources([AccountSource(path=p) for p in paths])

    def new_comparison(self) -> None:
        from .dialog import NewComparisonDialog

        dialog = NewComparisonDialog(self, self.sources)
        if dialog.exec():
            self.open_sources(dialog.sources())

    def _progress(self, percent: int, text: str) -> None:
        self.progress_bar.setValue(percent)
        self.statusBar().showMessage(text + "…")

    def _failed(self, message: str) -> None:
        self.progress_bar.hide()
        self.statusBar().clearMessage()
        self.message.show_message(f"Could not compare these accounts: {message}")
        self.comparisonFailed.emit(message)

    def show_comparison(self, comparison: Comparison | Reading) -> None:
        self.progress_bar.hide()
        reading = comparison if isinstance(comparison, Reading) else Reading(comparison)
        comparison = reading.comparison
        self.reading = reading
        self.placeholder.hide()
        self.view.show()
        self.view.show_comparison(reading)
        # The table of a long comparison costs as much as the panes: fill it on the next turn of
        # the event loop, so the panes paint first and the window never freezes for both at once.
        QTimer.singleShot(0, self, lambda: self._finish_showing(reading))

    def _finish_showing(self, reading: Reading) -> None:
        if reading is not self.reading:
            return  # another comparison has replaced it meanwhile
        comparison = reading.comparison
        self.model.set_reading(reading)
        self._set_filters([a.label for a in comparison.accounts])
        self._size_table_columns(len(comparison.accounts))
        labels = " / ".join(a.label for a in comparison.accounts)
        self.setWindowTitle(f"{labels} — Readout Compare")
        differences = len(reading.differences)
        self.statusBar().showMessage(f"{len(reading.groups)} groups, {differences} differences · {' · '.join(comparison.notes)}".rstrip(" ·"), 0)
        paths = [s.path for s in self.sources]
        if self.remember and paths and all(paths):
            stored.remember_files([os.path.abspath(p) for p in paths])
        self.comparisonShown.emit()

    def _filter_changed(self, i: int) -> None:
        if 0 <= i < len(self._filters):
            _name, states, account = self._filters[i]
            self.proxy.set_states(states, account)

    def _set_filters(self, labels: list[str]) -> None:
        """Offer "only in <account>" for the accounts now shown, keeping the analyst's choice if it still exists."""
        current = self.filter.currentText()
        self._filters = filters_for(labels)
        self.filter.blockSignals(True)
        self.filter.clear()
        for name, _states, _account in self._filters:
            self.filter.addItem(name)
        names = [name for name, _s, _a in self._filters]
        self.filter.setCurrentIndex(names.index(current) if current in names else 0)
        self.filter.blockSignals(False)
        self._filter_changed(self.filter.currentIndex())

    def _size_table_columns(self, n: int) -> None:
        # Widths from font metrics: resizeColumnToContents would ask for every row of a long comparison.
        metrics = self.table.fontMetrics()
        pad = 24
        self.table.setColumnWidth(0, metrics.horizontalAdvance(str(len(self.reading.groups))) + pad)
        for column in range(1, n + 1):
            self.table.setColumnWidth(column, 360 if n == 2 else 260)
        self.table.setColumnWidth(n + 1, max(metrics.horizontalAdvance("≈ " + name) for name in (m.name for m in MARKS.values())) + pad)
        self.table.setColumnWidth(n + 2, metrics.horizontalAdvance("Score") + pad)

    # -- navigation ---------------------------------------------------------------------------------
    def next_difference(self) -> None:
        self._step(1)

    def previous_difference(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.reading:
            return
        group = self.reading.next_difference(self.view.selected_group, step)
        if group is None:
            self.statusBar().showMessage("No more differences in this direction", 3000)
            return
        self.view.select_group(group)

    def _group_selected(self, group: int) -> None:
        source = self.model.index(group, 0)
        row = self.proxy.mapFromSource(source)
        if row.isValid() and self.model.reading is self.reading:
            self.table.blockSignals(True)
            self.table.selectRow(row.row())
            self.table.scrollTo(row)
            self.table.blockSignals(False)
        state = self.reading.group_states[group]
        position = ""
        if group in self.reading.differences:
            position = f"difference {self.reading.differences.index(group) + 1} of {len(self.reading.differences)} · "
        self.statusBar().showMessage(f"{position}group {group + 1}: {cues.state_name(state)}", 0)

    def _table_activated(self, index: QModelIndex) -> None:
        group = self.proxy.mapToSource(index).row()
        self.view.select_group(group)

    def copy_selection(self) -> None:
        """Put the selected group's claims on the clipboard, each with its account, for the briefing."""
        if not self.reading or self.view.selected_group is None:
            return
        comparison = self.reading.comparison
        lines = []
        for cid in self.reading.groups[self.view.selected_group].claims:
            claim = comparison.claim(cid)
            lines.append(f"{comparison.accounts[claim.account].label} ({cid}): {claim.text}")
        QApplication.clipboard().setText("\n".join(lines))

    # -- view ---------------------------------------------------------------------------------------
    def apply_zoom(self, points: int) -> None:
        self._zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], points))
        font = QFont(self.view.font())
        font.setPointSize(self._zoom)
        self.view.set_view_font(font)

    def zoom(self) -> int:
        return self._zoom

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Readout Compare",
            "Readout Compare lines up official accounts of the same event claim by claim, "
            "and shows what each account leaves out, words differently, or contradicts.",
        )

    # -- remembering the layout ---------------------------------------------------------------------
    def restore_layout(self) -> None:
        s = stored.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        zoom = s.value("view/zoom")
        if zoom is not None:
            self.apply_zoom(int(zoom))
        sync = s.value("view/sync")
        if sync is not None:
            on = str(sync).lower() == "true"
            self.sync_action.setChecked(on)
            self.view.set_sync(on)

    def save_layout(self) -> None:
        s = stored.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/zoom", self._zoom)
        s.setValue("view/sync", self.view.sync_enabled)
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.remember:
            self.save_layout()
        self.runner.cancel()
        super().closeEvent(event)


def open_when_shown(window: MainWindow, callback) -> None:
    """Call ``callback`` once the next comparison (or failure) has been shown."""

    def done(*_):
        window.comparisonShown.disconnect(done)
        window.comparisonFailed.disconnect(done)
        QTimer.singleShot(0, window, callback)

    window.comparisonShown.connect(done)
    window.comparisonFailed.connect(done)
