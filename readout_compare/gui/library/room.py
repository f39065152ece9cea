"""The window's library side: the browser dock, the judgements dock, the library's menu entries,
context menus on claims and table rows, undo/redo, and which stored event is open.

The window itself knows nothing of the database: ``MainWindow(library=controller)`` hands the
controller to ``LibraryFront``, which adds its docks and actions to the window and shows stored
events through the window's own ``show_comparison``. Every database call goes through the
controller (one worker thread, results on the GUI thread); every judgement is a ``StoreCommand``
on ``undo_stack``; after each saved step the event is loaded again from the store, so what the
analyst sees is always the comparison as stored, with the judgements applied.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
)

from ...core.model import Relation
from ...store import commands
from ...store.errors import ConcurrentEditError, NotFoundError
from .. import settings as stored_settings
from .judgements import TAGS, JudgedReading, JudgementsPanel
from .browser import LibraryBrowser
from .controller import LibraryController
from .undo import StoreCommand

RELATIONS = (Relation.MATCH, Relation.CONFLICT, Relation.RELATED)
OPEN_EVENT, SEARCH = "open event", "search"  # keys of requests where only the latest one counts


def default_sample_title() -> str:
    """The title the bundled Rouhani–Macron sample is stored under (first start opens it)."""
    from ...resources import DEFAULT_SAMPLE, samples_folder

    gold = samples_folder().joinpath(DEFAULT_SAMPLE).joinpath("gold.json")
    try:
        return json.loads(gold.read_text(encoding="utf-8")).get("title", "")
    except (OSError, ValueError):
        return ""


def analyst_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def folder_title(folder: str) -> str:
    """The title suggested for a folder's event: its name, in words."""
    return Path(folder).name.replace("-", " ").replace("_", " ").strip() or "Imported accounts"


def menu_named(window, name: str) -> QMenu | None:
    """One of the window's menus by its title (so this module adds to them without the window's help)."""
    for action in window.menuBar().actions():
        if action.menu() and action.text().replace("&", "") == name:
            return action.menu()
    return None


class LinkDialog(QDialog):
    """Edit ▸ Link claims: two claims of different accounts and the relation between them."""

    def __init__(self, reading: JudgedReading, first: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Link two claims")
        comparison = reading.comparison
        self.first, self.second, self.relation = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.first, self.second):
            combo.setMaximumWidth(640)
            for claim in comparison.all_claims():
                label = comparison.accounts[claim.account].label
                combo.addItem(f"{claim.id} ({label}): {claim.text[:90]}", claim.id)
        for relation in RELATIONS:
            self.relation.addItem(relation.value, relation.value)
        if first:
            self.first.setCurrentIndex(max(0, self.first.findData(first)))
            other = next((c for c in comparison.all_claims() if c.account != comparison.claim(first).account), None)
            if other:
                self.second.setCurrentIndex(self.second.findData(other.id))
        form = QFormLayout(self)
        form.addRow("&Claim:", self.first)
        form.addRow("&with:", self.second)
        form.addRow("&as:", self.relation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str, str, str]:
        return self.first.currentData(), self.second.currentData(), self.relation.currentData()


class LibraryFront(QObject):
    eventShown = Signal(int)  # a stored event is in the panes (after opening or reloading)
    eventsListed = Signal()  # the browser shows a new list
    stepSaved = Signal(str)  # an undo/redo step reached the library (its text)
    stepFailed = Signal(str)

    def __init__(self, window, controller: LibraryController):
        super().__init__(window)
        self.window, self.controller = window, controller
        self.current: JudgedReading | None = None  # the stored event on show, None for files
        self.last_claim: str | None = None  # the claim last clicked: "link with" pairs it with another
        self._wanted: int | None = None  # the event asked for most recently
        self._query = ""
        self._keep: tuple[str | None, list[int]] | None = None  # selection and scroll to restore after a reload
        self._orphans: dict[int, int] = {}  # orphaned judgements per event, as last said
        self.author = analyst_name()  # who made a judgement: it matters in a library a team shares
        self.undo_stack = QUndoStack(self)
        self._build_docks()
        self._build_actions()
        window.comparisonShown.connect(self._comparison_shown)
        window.runner.finished.connect(self._files_compared)
        window.installEventFilter(self)
        window.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.table.customContextMenuRequested.connect(self._table_menu)
        controller.opened.connect(self._opened)
        controller.openFailed.connect(self._open_failed)
        self._start: str = ""  # what to open once the library is open: "last", or "" for nothing
        self._update_actions()

    # -- construction -------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        window = self.window
        self.browser = LibraryBrowser()
        self.browser.searchRequested.connect(self.search)
        self.browser.openRequested.connect(self.open_event)
        self.browser.renameRequested.connect(self.rename_event)
        self.browser.deleteRequested.connect(self.delete_event)
        self.library_dock = QDockWidget("Library", window)
        self.library_dock.setObjectName("library")
        self.library_dock.setWidget(self.browser)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        window.resizeDocks([self.library_dock], [300], Qt.Orientation.Horizontal)
        self.panel = JudgementsPanel()
        self.panel.claimActivated.connect(self._go_to_claim)
        self.panel.removeRequested.connect(self.remove_judgement)
        self.panel.show_event(None)
        self.judgements_dock = QDockWidget("Judgements", window)
        self.judgements_dock.setObjectName("judgements")
        self.judgements_dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.judgements_dock)
        window.tabifyDockWidget(window.dock, self.judgements_dock)
        window.dock.raise_()

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        window = self.window
        self.undo_action = self.undo_stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo), QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.import_action = self._action("&Import folder…", self.choose_folder, "Ctrl+I", "Store a folder of account files as one event")
        self.save_action = self._action("Save to &library…", self.save_to_library, "Ctrl+S", "Keep this comparison in the library, to judge and annotate it")
        self.link_action = self._action("&Link claims…", self.link_dialog, "Ctrl+L", "Link two claims of different accounts by hand")
        self.reviewed_action = self._action("Mark group &reviewed", lambda: self.toggle_reviewed(self.selected_claims()), "Ctrl+R")
        self.tag_action = self._action("&Tag group…", lambda: self.ask_and_tag(self.selected_claims()), "Ctrl+Shift+T")
        self.note_action = self._action("&Note on group…", lambda: self.ask_and_note(self.selected_claims()), "Ctrl+Shift+N")
        self.glossary_action = self._action("&Glossary…", self.edit_glossary, None, "Your own groups of equivalent terms, used by every matcher")
        self.reload_action = self._action("Re&load from the library", self.reload_all, "F5", "Show the library as it is now (a colleague may have changed it)")
        self.realign_action = self._action("Re-&align event", self.realign, None, "Align this event's accounts again (your judgements are re-attached)")
        file_menu = menu_named(window, "File")
        if file_menu is not None:
            # after the ways of opening accounts, in a section of their own
            before = next((a for a in file_menu.actions() if a.isSeparator()), None)
            file_menu.insertSeparator(before)
            file_menu.insertAction(before, self.import_action)
            file_menu.insertAction(before, self.save_action)
        edit = menu_named(window, "Edit")
        if edit is not None:
            first = edit.actions()[0] if edit.actions() else None
            edit.insertAction(first, self.undo_action)
            edit.insertAction(first, self.redo_action)
            edit.insertSeparator(first)
            edit.addSeparator()
            for action in (self.link_action, self.reviewed_action, self.tag_action, self.note_action):
                edit.addAction(action)
        view = menu_named(window, "View")
        if view is not None:
            library = self.library_dock.toggleViewAction()
            library.setText("&Library")
            library.setShortcut(QKeySequence("Ctrl+Shift+B"))
            judgements = self.judgements_dock.toggleViewAction()
            judgements.setText("&Judgements")
            view.insertAction(view.actions()[0] if view.actions() else None, library)
            view.insertAction(view.actions()[1] if len(view.actions()) > 1 else None, judgements)
            view.insertAction(view.actions()[2] if len(view.actions()) > 2 else None, self.reload_action)
            view.insertSeparator(view.actions()[3] if len(view.actions()) > 3 else None)
        help_menu = menu_named(window, "Help")
        tools = QMenu("&Tools", window)
        tools.addAction(self.glossary_action)
        tools.addAction(self.realign_action)
        window.menuBar().insertMenu(help_menu.menuAction() if help_menu else None, tools)
        self.tools_menu = tools
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())

    def _update_actions(self) -> None:
        is_open = self.controller.is_open
        event = self.current is not None
        self.import_action.setEnabled(is_open)
        self.save_action.setEnabled(is_open and not event and self.window.reading is not None)
        for action in (self.link_action, self.reviewed_action, self.tag_action, self.note_action, self.realign_action):
            action.setEnabled(is_open and event)
        self.glossary_action.setEnabled(is_open)
        self.reload_action.setEnabled(is_open)

    # -- starting -----------------------------------------------------------------------------------
    def start(self, open_last: bool) -> None:
        """Open the library; then (``open_last``) the last event opened, or the sample the first time."""
        self._start = "last" if open_last else ""
        self.window.statusBar().showMessage("Opening the library…")
        self.controller.open()

    def _opened(self) -> None:
        self.window.runner.glossary = self.controller.glossary  # file comparisons see through it too
        self.window.statusBar().showMessage(f"Library: {self.controller.name}", 5000)
        self.library_dock.setToolTip(self.controller.name)
        self._update_actions()
        self.refresh_list()
        # "Open the sample" now opens the sample's stored event, where judgements can be made
        self.window.sample_action.triggered.disconnect()
        self.window.sample_action.triggered.connect(lambda _checked=False: self._open_sample())
        if self._start == "last":
            last = self._last_event()
            if last is not None:
                self.open_event(last, fallback=True)
            else:
                self._open_sample()

    def _open_failed(self, message: str) -> None:
        self.browser.show_error(f"The library could not be opened: {message}")
        self._update_actions()
        if self._start == "last":
            from ..comparison.runner import sample_sources

            self.window.open_sources(sample_sources())  # something to read, without the library
        # after open_sources, which clears the message bar
        self.window.message.show_message(f"The library could not be opened: {message}. You can still compare account files (File ▸ Open account files).")

    def _open_sample(self) -> None:
        title = default_sample_title()

        def found(event_id: int) -> None:
            self.open_event(event_id)

        def missing(_message: str, _exc) -> None:
            # A library without the samples (a team's shared one): its latest event, else the sample files.
            def listed(events) -> None:
                from ..comparison.runner import sample_sources

                if events:
                    self.open_event(events[0].id)
                else:
                    self.window.open_sources(sample_sources())

            self.controller.list_events(done=listed, failed=lambda m, e: listed([]))

        if title:
            self.controller.find_event(title, done=found, failed=missing)
        else:
            missing("", None)

    def _settings_key(self) -> str:
        import hashlib

        return "library/last_event_" + hashlib.sha1(self.controller.name.encode("utf-8")).hexdigest()[:12]

    def _last_event(self) -> int | None:
        if not self.window.remember:
            return None  # a scripted run (screenshot) does not depend on what the analyst opened
        value = stored_settings.settings().value(self._settings_key())
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def _remember(self, event_id: int) -> None:
        if self.window.remember:
            s = stored_settings.settings()
            s.setValue(self._settings_key(), event_id)
            s.sync()

    # -- the browser --------------------------------------------------------------------------------
    def refresh_list(self) -> None:
        self.search(self._query)

    def search(self, query: str) -> None:
        if not self.controller.is_open:
            return
        self._query = query

        def listed(events) -> None:
            self.browser.set_events(events, query)
            self.browser.set_current(self.current.event_id if self.current else None)
            self.eventsListed.emit()

        # keyed: when the analyst has typed on since, this list is dropped on arrival
        self.controller.list_events(query, done=listed, failed=lambda m, _e: self.browser.show_error(m), key=SEARCH)

    def open_event(self, event_id: int, fallback: bool = False, keep: bool = False) -> None:
        """Load a stored event (with the analyst's judgements) and show it; later requests win."""
        if not self.controller.is_open:
            return
        self._wanted = event_id
        self.window.runner.cancel()  # a file comparison still running would replace it
        self._keep = self._selection_and_scroll() if keep else None
        if not keep:
            self.window.statusBar().showMessage("Opening the event…")

        def loaded(reading: JudgedReading) -> None:
            self.current = reading
            self.window.sources = []  # not files: nothing for the window to remember as such
            self.window.show_comparison(reading)

        def failed(message: str, exc) -> None:
            if fallback and isinstance(exc, NotFoundError):
                self._open_sample()  # the last event has gone since: start from the sample
                return
            self.window.message.show_message(f"Could not open the event: {message}")
            self.window.statusBar().clearMessage()

        # keyed: a later request (another event, files, closing this one) drops this one on arrival
        self.controller.load_event(event_id, done=loaded, failed=failed, key=OPEN_EVENT)

    def reload(self) -> None:
        if self.current is not None:
            self.open_event(self.current.event_id, keep=True)

    def reload_all(self) -> None:
        self.refresh_list()
        self.reload()

    def _files_compared(self, _reading) -> None:
        self.controller.cancel(OPEN_EVENT)  # files asked for after an event: drop the event if it arrives late

    def _comparison_shown(self) -> None:
        reading = self.window.reading
        if reading is self.current and self.current is not None:
            stored = self.current.stored
            self.window.setWindowTitle(f"{stored.title} — Readout Compare")
            self.browser.set_current(stored.id)
            self.panel.show_event(self.current)
            self._remember(stored.id)
            known, self._orphans[stored.id] = self._orphans.get(stored.id, 0), len(stored.orphaned)
            if stored.orphaned and len(stored.orphaned) != known:  # said once, when it happens or on opening
                self.window.statusBar().showMessage(
                    f"{len(stored.orphaned)} of your judgements lost their claims at a re-alignment: see View ▸ Judgements", 0)
            self._restore(self._keep)
            self._keep = None
            self.eventShown.emit(stored.id)
        else:
            self.current = None
            self.browser.set_current(None)
            self.panel.show_event(None)
        self._hook_views()
        self._update_actions()

    def _selection_and_scroll(self) -> tuple[str | None, list[int]]:
        view = self.window.view
        claim = None
        if view.selected_group is not None and self.window.reading is not None:
            claims = self.window.reading.groups[view.selected_group].claims
            claim = self.last_claim if self.last_claim in claims else claims[0]
        return claim, [v.verticalScrollBar().value() for v in view.views()]

    def _restore(self, keep) -> None:
        """After a reload: the same scroll positions and the same claim selected as before."""
        if not keep:
            return
        claim, scrolls = keep
        view = self.window.view
        with view.scroll_lock():
            for v, value in zip(view.views(), scrolls):
                v.content_height()  # the scroll range, from the layout
                v.verticalScrollBar().setValue(value)
        reading = self.window.reading
        if claim and claim in reading.group_index:
            view.select_group(reading.group_of(claim), origin=claim)

    # -- context menus ------------------------------------------------------------------------------
    def _hook_views(self) -> None:
        for view in self.window.view.views():
            if not view.property("judgementsHooked"):
                view.setProperty("judgementsHooked", True)
                view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                view.customContextMenuRequested.connect(lambda pos, v=view: self._claim_menu_at(v, pos))
                view.claimClicked.connect(self._claim_clicked)

    def _claim_clicked(self, claim_id: str) -> None:
        self.last_claim = claim_id

    def _claim_menu_at(self, view, pos) -> None:
        y = pos.y() + view.verticalScrollBar().value()
        claim = view.claim_at(y)
        if claim is None or not view.claim_rect(claim).contains(pos.x(), int(y)):
            return
        menu = self.claim_menu(claim)
        menu.exec(view.viewport().mapToGlobal(pos))

    def _table_menu(self, pos) -> None:
        window = self.window
        index = window.table.indexAt(pos)
        if not index.isValid() or window.reading is None:
            return
        group = window.proxy.mapToSource(index).row()
        self.group_menu(window.reading.groups[group].claims).exec(window.table.viewport().mapToGlobal(pos))

    def claim_menu(self, claim_id: str) -> QMenu:
        """What the analyst can judge about one claim (and its group)."""
        menu = QMenu(self.window)
        if self.current is None:
            self._not_stored(menu)
            return menu
        comparison = self.current.comparison
        claim = comparison.claim(claim_id)
        other = self.last_claim
        linked = {comparison.partner(ln, claim_id).id: ln for ln in comparison.links_of(claim_id)}
        if other and other in self.current.group_index and comparison.claim(other).account != claim.account and other not in linked:
            sub = menu.addMenu(f"Link {claim_id} with {other}")
            for relation in RELATIONS:
                sub.addAction(f"as {relation.value}").triggered.connect(lambda _c=False, r=relation.value: self.link(claim_id, other, r))
        menu.addAction(self.link_action)
        for partner, link in linked.items():
            sub = menu.addMenu(f"{claim_id} — {partner} ({link.relation.value})")
            for relation in RELATIONS:
                if relation is not link.relation:
                    sub.addAction(f"Make it {relation.value}").triggered.connect(
                        lambda _c=False, p=partner, r=relation.value: self.set_relation(claim_id, p, r))
            sub.addAction("Unlink").triggered.connect(lambda _c=False, p=partner: self.unlink(claim_id, p))
        menu.addSeparator()
        menu.addAction(f"Tag {claim_id}…").triggered.connect(lambda: self.ask_and_tag([claim_id]))
        menu.addAction(f"Note on {claim_id}…").triggered.connect(lambda: self.ask_and_note([claim_id]))
        self._annotation_entries(menu, [claim_id])
        menu.addSeparator()
        self._group_entries(menu, self.current.groups[self.current.group_of(claim_id)].claims)
        return menu

    def group_menu(self, claims) -> QMenu:
        menu = QMenu(self.window)
        if self.current is None:
            self._not_stored(menu)
            return menu
        comparison = self.current.comparison
        for link in comparison.links:
            if set(link.claims) <= set(claims):
                a, b = link.claims
                sub = menu.addMenu(f"{a} — {b} ({link.relation.value})")
                for relation in RELATIONS:
                    if relation is not link.relation:
                        sub.addAction(f"Make it {relation.value}").triggered.connect(lambda _c=False, a=a, b=b, r=relation.value: self.set_relation(a, b, r))
                sub.addAction("Unlink").triggered.connect(lambda _c=False, a=a, b=b: self.unlink(a, b))
        self._group_entries(menu, claims)
        return menu

    def _group_entries(self, menu: QMenu, claims) -> None:
        claims = tuple(claims)
        reviewed = all(self.current.is_reviewed(c) for c in claims)
        label = "Mark group not reviewed" if reviewed else "Mark group reviewed"
        menu.addAction(label).triggered.connect(lambda: self.mark_reviewed(claims, not reviewed))
        menu.addAction("Tag group…").triggered.connect(lambda: self.ask_and_tag(claims))
        menu.addAction("Note on group…").triggered.connect(lambda: self.ask_and_note(claims))
        if len(claims) > 1:
            self._annotation_entries(menu, claims, exact=True)

    def _annotation_entries(self, menu: QMenu, claims, exact: bool = False) -> None:
        for annotation in self.current.stored.annotations:
            if annotation.orphaned:
                continue
            if exact and set(annotation.claims) != set(claims):
                continue
            if not exact and not set(annotation.claims) & set(claims):
                continue
            what = annotation.tag or (annotation.note.strip().splitlines() or [""])[0][:40]
            if annotation.note.strip():
                menu.addAction(f"Edit note “{what}”…").triggered.connect(lambda _c=False, a=annotation: self.ask_and_edit_note(a))
            menu.addAction(f"Remove “{what}”").triggered.connect(lambda _c=False, a=annotation: self.remove_annotation(a.id))

    def _not_stored(self, menu: QMenu) -> None:
        note = menu.addAction("Judgements are kept for events in the library")
        note.setEnabled(False)
        menu.addAction(self.save_action)

    def selected_claims(self) -> tuple[str, ...]:
        view = self.window.view
        if self.window.reading is None or view.selected_group is None:
            return ()
        return tuple(self.window.reading.groups[view.selected_group].claims)

    # -- asking the analyst (tests replace these) --------------------------------------------------
    def ask_tag(self, what: str) -> str | None:
        tag, ok = QInputDialog.getItem(self.window, "Tag", f"Tag for {what}:", list(TAGS), 0, True)
        return tag.strip() if ok and tag.strip() else None

    def ask_note(self, what: str, text: str = "") -> str | None:
        note, ok = QInputDialog.getMultiLineText(self.window, "Note", f"Note on {what}:", text)
        return note if ok and note.strip() else None

    def ask_title(self, suggested: str) -> str | None:
        title, ok = QInputDialog.getText(self.window, "Store in the library", "Title of the event:", text=suggested)
        return title.strip() if ok and title.strip() else None

    def confirm_delete(self, title: str) -> bool:
        answer = QMessageBox.question(
            self.window, "Delete event",
            f"Delete “{title}” with its accounts and your judgements?\n\nEdit ▸ Undo brings it back while this window is open.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of account files as one event")
        if folder:
            title = self.ask_title(folder_title(folder))
            if title:
                self.import_folder(folder, title)

    # -- judgements ---------------------------------------------------------------------------------
    def _push(self, change, event_id: int, version: int | None, text: str = "") -> None:
        if not self.controller.is_open:
            self.window.message.show_message("The library is not open; nothing was saved.")
            return
        self.undo_stack.push(StoreCommand(change, self.controller, event_id, version, self._step_done, self._step_failed, text))

    def _judge(self, change) -> None:
        if self.current is None:
            self.window.message.show_message("Save this comparison to the library first (File ▸ Save to library): judgements are kept with stored events.")
            return
        self._push(change, self.current.event_id, self.current.stored.version)

    def link(self, a: str, b: str, relation: str = "match") -> None:
        if self.current is not None:
            self._judge(commands.link(self.current.event_id, a, b, relation, self.author))

    def unlink(self, a: str, b: str) -> None:
        if self.current is not None:
            self._judge(commands.unlink(self.current.event_id, a, b, self.author))

    def set_relation(self, a: str, b: str, relation: str) -> None:
        if self.current is not None:
            self._judge(commands.set_relation(self.current.event_id, a, b, relation, self.author))

    def mark_reviewed(self, claims, reviewed: bool = True) -> None:
        if self.current is not None and claims:
            self._judge(commands.mark_reviewed(self.current.event_id, tuple(claims), reviewed, self.author))

    def toggle_reviewed(self, claims) -> None:
        if self.current is not None and self._need_group(claims):
            self.mark_reviewed(claims, not all(self.current.is_reviewed(c) for c in claims))

    def annotate(self, claims, tag: str = "", note: str = "") -> None:
        if self.current is not None and claims:
            self._judge(commands.Annotate(self.current.event_id, tuple(claims), tag, note, self.author))

    def _need_group(self, claims) -> bool:
        if not claims:
            self.window.statusBar().showMessage("Select a group first: click a claim, or a row of the claims table", 4000)
        return bool(claims)

    def ask_and_tag(self, claims) -> None:
        if self._need_group(claims) and self.current is not None:
            tag = self.ask_tag(" + ".join(claims))
            if tag:
                self.annotate(claims, tag=tag)

    def ask_and_note(self, claims) -> None:
        if self._need_group(claims) and self.current is not None:
            note = self.ask_note(" + ".join(claims))
            if note:
                self.annotate(claims, note=note)

    def ask_and_edit_note(self, annotation) -> None:
        note = self.ask_note(" + ".join(annotation.claims), annotation.note)
        if note is not None and self.current is not None:
            self._judge(commands.EditAnnotation(annotation.id, note=note))

    def remove_annotation(self, annotation_id: int) -> None:
        if self.current is not None:
            self._judge(commands.RemoveAnnotation(self.current.event_id, annotation_id))

    def remove_judgement(self, kind: str, item_id: int) -> None:
        """Remove a judgement or an annotation from the list (an orphaned one, typically)."""
        if self.current is None:
            return
        if kind == "annotation":
            self.remove_annotation(item_id)
        else:
            self._judge(commands.RemoveJudgement(self.current.event_id, item_id))

    def link_dialog(self) -> None:
        if self.current is None:
            return
        dialog = LinkDialog(self.current, self.selected_claims()[0] if self.selected_claims() else None, self.window)
        if dialog.exec():
            a, b, relation = dialog.choice()
            if self.current.comparison.claim(a).account == self.current.comparison.claim(b).account:
                self.window.message.show_message("Only claims of different accounts can be linked.")
                return
            self.link(a, b, relation)

    # -- events -------------------------------------------------------------------------------------
    def rename_event(self, event_id: int, title: str) -> None:
        summary = self.browser.summary_of(event_id)
        version = self.current.stored.version if self.current and self.current.event_id == event_id else (summary.version if summary else None)
        self._push(commands.RenameEvent(event_id, title), event_id, version)

    def delete_event(self, event_id: int) -> None:
        summary = self.browser.summary_of(event_id)
        title = summary.title if summary else f"event {event_id}"
        if not self.confirm_delete(title):
            return
        version = self.current.stored.version if self.current and self.current.event_id == event_id else (summary.version if summary else None)
        self._push(commands.DeleteEvent(event_id), event_id, version, f"Delete “{title}”")

    def _step_done(self, command: StoreCommand, undo: bool, _saved) -> None:
        change = command.change
        text = command.label
        self.window.statusBar().showMessage(("Undone: " if undo else "Saved: ") + text, 4000)
        if isinstance(change, (commands.RenameEvent, commands.DeleteEvent)):
            self.refresh_list()
        current = self.current.event_id if self.current else None
        if isinstance(change, commands.DeleteEvent):
            if not undo and current == command.event_id:
                self._close_event(f"“{change._removed.title if change._removed else 'The event'}” was deleted — Edit ▸ Undo brings it back.")
            elif undo and self._wanted == command.event_id:
                self.open_event(command.event_id)
        elif current == command.event_id:
            self.reload()
        self.stepSaved.emit(text)

    def _step_failed(self, command: StoreCommand, message: str, exc) -> None:
        if isinstance(exc, ConcurrentEditError):
            self.window.message.show_message(f"{message}. The event has been reloaded with their change; your undo history was cleared.")
        else:
            self.window.message.show_message(f"Could not save “{command.label}”: {message}. The event shows what the library holds; your undo history was cleared.")
        self.undo_stack.clear()
        self.refresh_list()
        self.reload()
        self.stepFailed.emit(message)

    def _close_event(self, message: str) -> None:
        window = self.window
        self.current = None
        self.controller.cancel(OPEN_EVENT)
        window.reading = None
        window.view.hide()
        window.model.set_reading(None)
        window.placeholder.show()
        window.setWindowTitle("Readout Compare")
        self.panel.show_event(None)
        self.browser.set_current(None)
        window.statusBar().showMessage(message, 0)
        self._update_actions()

    def _go_to_claim(self, claim_id: str) -> None:
        reading = self.window.reading
        if reading is not None and claim_id in reading.group_index:
            self.window.view.select_group(reading.group_of(claim_id), origin=claim_id)

    # -- storing new events -------------------------------------------------------------------------
    def import_folder(self, folder: str, title: str = "") -> None:
        title = title or folder_title(folder)
        self.window.statusBar().showMessage(f"Importing {folder}…")
        self.controller.store_accounts(title, None, folder=folder, done=self._stored, failed=self._store_failed)

    def save_to_library(self) -> None:
        reading = self.window.reading
        if reading is None or self.current is not None:
            return
        comparison = reading.comparison
        title = self.ask_title(" / ".join(a.label for a in comparison.accounts))
        if title:
            self.controller.store_accounts(title, comparison.accounts, comparison, done=self._stored, failed=self._store_failed)

    def _stored(self, result) -> None:
        saved, duplicates = result
        if duplicates:
            lines = [
                f"the text of “{d.label}” is already in the library (event {d.event_id}: {d.event_title}, account “{d.existing_label}”)"
                for d in duplicates
            ]
            self.window.message.show_message("Imported anyway, but " + "; ".join(lines) + ".")
        self.window.statusBar().showMessage("Stored in the library", 4000)
        self.refresh_list()
        self.open_event(saved.id)

    def _store_failed(self, message: str, _exc) -> None:
        self.window.statusBar().clearMessage()
        self.window.message.show_message(f"Could not store the event: {message}")

    # -- glossary and re-alignment ------------------------------------------------------------------
    def edit_glossary(self) -> None:
        from .glossary_dialog import GlossaryDialog

        dialog = GlossaryDialog(self.controller.glossary, self.window, "Save and re-align this event" if self.current else "")
        if dialog.exec():
            self.save_glossary(dialog.groups(), realign=dialog.realign)

    def save_glossary(self, groups: list[list[str]], realign: bool = False) -> None:
        def saved(_text: str) -> None:
            self.window.runner.glossary = self.controller.glossary  # file comparisons use it too
            self.window.statusBar().showMessage(f"Glossary saved ({len(groups)} groups of yours): used from the next comparison", 5000)
            if realign:
                self.realign()

        self.controller.save_glossary(groups, done=saved, failed=lambda m, _e: self.window.message.show_message(f"Could not save the glossary: {m}"))

    def realign(self) -> None:
        if self.current is None:
            return
        event_id = self.current.event_id
        self.window.statusBar().showMessage("Re-aligning the event…")

        def done(_saved) -> None:
            self.window.statusBar().showMessage("Re-aligned; your judgements were re-attached to the new claims", 5000)
            if self.current is not None and self.current.event_id == event_id:
                self.reload()

        def failed(message: str, exc) -> None:
            self.window.message.show_message(f"Could not re-align the event: {message}")
            if isinstance(exc, ConcurrentEditError):
                self.undo_stack.clear()
                self.reload()

        self.controller.realign(event_id, done=done, failed=failed)

    def dropped(self, paths: list[str]) -> bool:
        """A folder dropped on the window: its account files become one event. False: not for us."""
        if len(paths) == 1 and Path(paths[0]).is_dir() and self.controller.is_open:
            self.import_folder(paths[0])
            return True
        return False

    # -- closing ------------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close:
            # The worker saves the last edit, then stops: nothing is lost by closing.
            self.close()
        return False

    def close(self) -> None:
        self.controller.close()
