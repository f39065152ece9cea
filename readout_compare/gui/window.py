"""The main window: it composes the rooms and owns what they share — the menus, the toolbar, the
docks, the status bar, the message bar — and the file comparisons it runs in the background
(while the semantic model loads, lexically first, then again with it: ``semantic_upgrade``).

The rooms never touch the window's widgets and the window never touches theirs: it places what
each room offers by name (widgets, docks, actions), asks each room through its named slots, and
listens to its signals. The comparison room (``comparison``) shows a reading; the briefing room
(``briefing``) exports, prints and copies it; the library room (``library``, when a library is
given) stores events, judgements and their undo, and hands the window stored events to show. The
rooms know nothing of each other: where one needs something of another, the window passes it a
function (``reading()``, ``selected_claims()``, ``selected_groups()``) or connects a signal to a
slot. The widgets hold no comparison logic of their own beyond what ``Reading`` gives them.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QProgressBar, QVBoxLayout, QWidget

from ..core.model import Comparison
from ..core.reading import Reading
from . import settings as stored
from .actions import make_action
from .briefing.room import BriefingRoom
from .briefing.summary_dock import written_summary
from .comparison.room import ComparisonRoom, Place
from .comparison.runner import AccountSource, ComparisonRunner, sample_sources
from .engine import chosen_matcher, upgrade_due
from .help_menu import HelpMenu
from .message_bar import MessageBar
from .recent import RecentMenu
from .release import release
from .semantic_upgrade import SemanticUpgrade

ACCOUNT_FILES = "Accounts (*.txt *.md *.html *.htm);;All files (*)"
APP_NAME = "Readout Compare"


class MainWindow(QMainWindow):
    comparisonShown = Signal()  # the comparison is in the panes and the table (tests and --screenshot wait on it)
    comparisonFailed = Signal(str)
    comparisonUpgraded = Signal()  # a lexical comparison replaced by the semantic matcher's, where the analyst was

    def __init__(self, runner: ComparisonRunner | None = None, restore: bool = True, remember: bool = True, library=None):
        super().__init__()
        self.remember = remember  # keep the layout and the last comparison for the next start
        self.setWindowTitle(APP_NAME)
        self.resize(1400, 900)
        self.runner = runner or ComparisonRunner(self)
        self.runner.setParent(self)
        self.sources: list[AccountSource] = []
        self._place: tuple[Reading, Place] | None = None  # where the analyst was, for a reloaded event
        self.semantic = SemanticUpgrade(self)  # lexical first, then the semantic matcher once it has loaded
        self._finishing: Reading | None = None  # the reading whose table and title are still to come
        self._finisher = QTimer(self)
        self._finisher.setSingleShot(True)
        self._finisher.timeout.connect(self._finish_showing)

        self.comparison = ComparisonRoom(self)
        self.briefing = BriefingRoom(self, reading=lambda: self.reading, selected_groups=self.comparison.selected_groups)
        # the Summary dock's summary is worked out with the comparison, on its worker: a second
        # Python thread working while a long comparison is first painted would slow the painting
        self.runner.prepare = (written_summary,)
        self._name_the_rooms_parts()
        self._build_centre()
        self._build_table_dock()
        self.library = None  # the library room (browser, judgements, undo), when a library is given
        if library is not None:
            # made after the window's own widgets, so keyboard focus moves through them first, as it always has
            from .library.room import LibraryRoom

            self.library = LibraryRoom(library, self, remember=remember, reading=lambda: self.reading,
                                       selected_claims=self.comparison.selected_claims)
            self._place_library_docks()
        self._build_actions()
        self._build_menus()
        self._build_status()
        self._connect_rooms()
        self.setAcceptDrops(True)  # drop two or more account files on the window to compare them
        if restore:
            self.restore_layout()

    # -- construction -------------------------------------------------------------------------------
    def _name_the_rooms_parts(self) -> None:
        """The comparison room's widgets and actions by their names here too (tests and scripts use them)."""
        c = self.comparison
        self.view, self.legend, self.placeholder = c.view, c.legend, c.placeholder
        self.model, self.proxy, self.table, self.filter = c.model, c.proxy, c.table, c.filter
        self.next_action, self.previous_action, self.sync_action = c.next_action, c.previous_action, c.sync_action
        self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action = c.zoom_in_action, c.zoom_out_action, c.zoom_reset_action
        self.legend_action, self.copy_action = c.legend_action, c.copy_action
        self.apply_zoom, self.zoom = c.apply_zoom, c.zoom

    def _build_centre(self) -> None:
        self.message = MessageBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.message)
        layout.addWidget(self.comparison.find_bar)
        layout.addWidget(self.comparison.legend)
        layout.addWidget(self.comparison.view, 1)
        layout.addWidget(self.comparison.placeholder, 1)
        self.setCentralWidget(central)

    def _build_table_dock(self) -> None:
        self.dock = QDockWidget("Claims table", self)
        self.dock.setObjectName("claimsTable")
        self.dock.setWidget(self.comparison.table_box)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [200], Qt.Orientation.Vertical)
        # a tab beside the table: at the side it would take the width three panes need at 1400×900
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.briefing.summary_dock)
        self.tabifyDockWidget(self.dock, self.briefing.summary_dock)
        self.dock.raise_()

    def _place_library_docks(self) -> None:
        library = self.library
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, library.library_dock)
        self.resizeDocks([library.library_dock], [300], Qt.Orientation.Horizontal)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, library.judgements_dock)
        self.tabifyDockWidget(self.dock, library.judgements_dock)
        self.dock.raise_()

    def _build_actions(self) -> None:
        self.new_action = make_action(self, "&New comparison…", self.new_comparison, QKeySequence.StandardKey.New, "Open files or paste texts to compare")
        self.open_action = make_action(self, "&Open account files…", self.open_files, QKeySequence.StandardKey.Open, "Choose two or more account files")
        self.sample_action = make_action(self, "Open the &sample", self.open_sample, None, "The bundled Rouhani–Macron sample")
        self.quit_action = make_action(self, "&Quit", self.close, "Ctrl+Q")
        self.help = HelpMenu(self)  # Help ▸ Keyboard shortcuts, About
        self.about_action = self.help.about_action
        self.recent = RecentMenu(self, open_files=lambda paths: self.open_sources([AccountSource(path=p) for p in paths]),
                                 open_event=lambda event_id: self.library.open_event(event_id) if self.library else None,
                                 library=lambda: self.library.controller.name if self.library is not None and self.library.is_open else "",
                                 say=self.message.show_message, remember=self.remember)
        self.table_action = self.dock.toggleViewAction()
        self.table_action.setText("Claims &table")
        self.table_action.setShortcut(QKeySequence("Ctrl+T"))

    def _build_menus(self) -> None:
        """Every menu, in order; each room's actions in their places (None: a separator)."""
        c, b, lib = self.comparison, self.briefing, self.library
        file_menu = [self.new_action, self.open_action, self.recent.menu.menuAction(), self.sample_action]
        edit = [c.copy_action, b.copy_rich_action, None, *c.find_actions]
        view = [c.sync_action, self.table_action, b.summary_dock.toggleViewAction(), c.legend_action, None, c.zoom_in_action, c.zoom_out_action, c.zoom_reset_action]
        if lib is not None:  # after the ways of opening accounts, in a section of their own
            file_menu += [None, lib.import_action, lib.save_action]
            edit = [lib.undo_action, lib.redo_action, None, *edit, None, lib.link_action, lib.reviewed_action, lib.tag_action, lib.note_action,
                    None, lib.accept_action, lib.reject_action]
            view = [lib.library_view_action, lib.judgements_view_action, lib.reload_action, None, *view]
        file_menu += [None, b.export_action, b.print_action, None, self.quit_action]
        menus = [("&File", file_menu), ("&Edit", edit), ("&View", view), ("&Go", c.go_actions)]
        if lib is not None:
            menus.append(("&Tools", [lib.glossary_action, lib.realign_action]))
        menus.append(("&Help", self.help.actions()))
        for title, actions in menus:
            menu = self.menuBar().addMenu(title)
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, None, c.previous_action, c.next_action, None, c.sync_action, c.zoom_out_action, c.zoom_in_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)

    def _build_status(self) -> None:
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()
        for widget in (self.semantic.label, *self.briefing.status_widgets(), self.progress_bar):
            self.statusBar().addPermanentWidget(widget)

    def _connect_rooms(self) -> None:
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self.show_comparison)
        self.comparison.view.painted.connect(self._panes_painted)
        self.runner.failed.connect(self._failed)
        self.semantic.ready.connect(self._semantic_ready)
        self.semantic.failed.connect(self._semantic_failed)
        self.comparison.status.connect(self.show_status)
        self.briefing.status.connect(self.show_status)
        lib = self.library
        if lib is None:
            return
        self.runner.finished.connect(lib.files_compared)
        self.runner.embeddings = lambda: lib.controller.embedding_store()  # a claim the library has seen is not encoded again
        self.comparison.claimClicked.connect(lib.claim_clicked)
        self.comparison.claimMenuRequested.connect(lib.show_claim_menu)
        self.comparison.groupMenuRequested.connect(lib.show_group_menu)
        lib.readingReady.connect(self.show_stored)
        lib.eventRequested.connect(self.runner.cancel)
        lib.eventClosed.connect(self.clear_comparison)
        lib.titleChanged.connect(lambda title: self.setWindowTitle(f"{title} — {APP_NAME}"))
        lib.message.connect(self.message.show_message)
        lib.messageOutdated.connect(self.message.hide)
        lib.status.connect(self.show_status)
        lib.glossaryChanged.connect(self._glossary_changed)
        lib.sampleFilesWanted.connect(self.open_sample_files)
        lib.claimWanted.connect(self.comparison.go_to_claim)
        lib.eventShown.connect(lambda event_id: self.recent.event_shown(event_id, lib.current.stored.title if lib.current else ""))

    # -- what the rooms say -------------------------------------------------------------------------
    @property
    def reading(self) -> Reading | None:
        """The reading on screen (the comparison room's)."""
        return self.comparison.reading

    def show_status(self, text: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(text, msecs)

    def _glossary_changed(self, glossary: str) -> None:
        self.runner.glossary = glossary  # file comparisons see through the analyst's glossary too

    def show_stored(self, reading: Reading, keep: bool) -> None:
        """A stored event from the library; ``keep``: the same one reloaded, so keep the analyst's place."""
        self._place = (reading, self.comparison.place()) if keep else None
        self.sources = []  # not files: nothing for the window to remember as such
        self.semantic.cancel()
        self.show_comparison(reading)

    def clear_comparison(self, message: str) -> None:
        """Nothing to show any more (the event on show was deleted); the status bar says why."""
        self.comparison.clear()
        self.semantic.cancel()
        self.briefing.summary_dock.show_reading(None)
        self.setWindowTitle(APP_NAME)
        self.show_status(message, 0)

    # -- opening accounts ---------------------------------------------------------------------------
    def open_sources(self, sources: list[AccountSource]) -> None:
        """Compare these accounts in the background; the current comparison stays until it is done."""
        self.sources = list(sources)
        self.semantic.cancel()
        self.message.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.statusBar().showMessage("Reading accounts…")
        self.runner.start(self.sources)

    def open_sample_files(self) -> None:
        self.open_sources(sample_sources())

    def open_sample(self) -> None:
        """File ▸ Open the sample: the library's stored sample once the library is open (judgements
        can be made there), else the sample's files."""
        if self.library is not None and self.library.is_open:
            self.library.open_sample()
        else:
            self.open_sample_files()

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

    def _semantic_ready(self, reading: Reading, sources: list[AccountSource]) -> None:
        """The semantic matcher's alignment of the accounts on screen: in their place, where the analyst is."""
        if sources is not self.sources:
            return  # other accounts (or an event) have been asked for since
        self._place = (reading, self.comparison.place())
        self.show_comparison(reading)

    def _semantic_failed(self, message: str) -> None:
        """The semantic model cannot be used: the lexical alignment stays. Said in the status bar
        (the upgrade's label); in the message bar too when the analyst asked for "semantic" itself."""
        try:
            asked = chosen_matcher() == "semantic"
        except ValueError:
            asked = False
        if asked:
            self.message.show_message(f"The semantic matcher cannot be used: {message}; the lexical alignment is shown.")

    def _failed(self, message: str) -> None:
        self.progress_bar.hide()
        self.statusBar().clearMessage()
        self.message.show_message(f"Could not compare these accounts: {message}")
        self.comparisonFailed.emit(message)

    # -- showing a comparison -----------------------------------------------------------------------
    def show_comparison(self, comparison: Comparison | Reading) -> None:
        self.progress_bar.hide()
        reading = comparison if isinstance(comparison, Reading) else Reading(comparison)
        # the comparison it replaces is freed over the coming turns, once the table and the
        # Summary dock have let go of it too, rather than all at once whenever the last one does
        release(self.reading)
        self.comparison.show_reading(reading)
        self.view.hold_layout(True)
        # The panes are painted on the next turn of the event loop; the table, the title and the
        # Summary dock follow on a turn of their own after that paint (a zero timer started now
        # fired before the paint in some sessions, and the window froze for both at once), or
        # after a pause if nothing is painted (the window hidden).
        self._finishing = reading
        self._finisher.start(self.FINISH_UNPAINTED)

    FINISH_UNPAINTED = 100  # milliseconds to wait for the panes' first paint before finishing anyway

    def _panes_painted(self) -> None:
        if self._finishing is not None and self._finisher.interval() != 0:
            self._finisher.start(0)

    def _finish_showing(self) -> None:
        reading, self._finishing = self._finishing, None
        self._finisher.setInterval(self.FINISH_UNPAINTED)
        # the background layout goes on from the next turn: a timer of its own due now would
        # otherwise run in this one
        QTimer.singleShot(0, self, lambda: self.view.hold_layout(False))
        if reading is None or reading is not self.reading:
            return  # another comparison has replaced it meanwhile
        comparison = reading.comparison
        self.comparison.fill_table(reading)
        labels = " / ".join(a.label for a in comparison.accounts)
        self.setWindowTitle(f"{labels} — {APP_NAME}")
        self.statusBar().showMessage(self.comparison.summary(), 0)
        paths = [s.path for s in self.sources]
        if self.remember and paths and all(paths):
            stored.remember_files([os.path.abspath(p) for p in paths])
            self.recent.files_shown(paths)
        self.briefing.comparison_shown()
        place, self._place = self._place, None
        if place is not None and place[0] is reading:
            self.comparison.restore_place(place[1])
        if self.library is not None:
            self.library.comparison_shown(reading)
        upgraded = self.semantic.swapped(reading)
        if not upgraded and self.sources and upgrade_due(comparison):
            # aligned lexically while the semantic model loads: aligned again when it is ready
            self.semantic.request(self.sources, self.runner.glossary, self.runner.embeddings(), self.runner.prepare)
        self.comparisonShown.emit()
        if upgraded:
            self.comparisonUpgraded.emit()

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
            self.comparison.apply_zoom(int(zoom))
        sync = s.value("view/sync")
        if sync is not None:
            self.comparison.set_sync(str(sync).lower() == "true")

    def save_layout(self) -> None:
        s = stored.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/zoom", self.comparison.zoom())
        s.setValue("view/sync", self.comparison.view.sync_enabled)
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.library is not None:
            self.library.close()  # the worker saves the last edit, then stops: nothing is lost by closing
        if self.remember:
            self.save_layout()
        self.runner.cancel()
        self.semantic.cancel()
        super().closeEvent(event)


def open_when_shown(window: MainWindow, callback) -> None:
    """Call ``callback`` once the next comparison (or failure) has been shown."""

    def done(*_):
        window.comparisonShown.disconnect(done)
        window.comparisonFailed.disconnect(done)
        QTimer.singleShot(0, window, callback)

    window.comparisonShown.connect(done)
    window.comparisonFailed.connect(done)
