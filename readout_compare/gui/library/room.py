"""The library room: the browser dock, the judgements dock, the library's actions, undo/redo,
and which stored event is open.

The room knows nothing of the window's widgets or menus. It offers its docks (``library_dock``,
``judgements_dock``) and its actions by name (``import_action``, ``undo_action``…, the docks'
``library_view_action`` and ``judgements_view_action``) for the window to place; it asks what
the window lets it ask (``reading()``: the reading on screen; ``selected_claims()``: the claims
of the selected group); it is told what happened through named slots (``comparison_shown``,
``files_compared``, ``claim_clicked``, ``dropped``, ``open_sample``, ``close``); and it says what
it wants through signals: ``readingReady`` (show this stored event), ``eventClosed``,
``titleChanged``, ``message`` (the message bar), ``status`` (the status bar),
``glossaryChanged``, ``sampleFilesWanted``, ``eventRequested`` and ``claimWanted``.

Every database call goes through the controller (one worker thread, results on the GUI thread);
every judgement is a ``StoreCommand`` on ``undo_stack`` (``judging.Judging``); after each saved
step the event is loaded again from the store, so what the analyst sees is always the comparison
as stored, with the judgements applied. New events and re-alignment: ``storing.Storing``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QWidget

from ...core.plural import counted, verb
from ...core.reading import Reading
from ...store import commands
from ...store.errors import ConcurrentEditError, NotFoundError
from .. import settings as stored_settings
from ..actions import LISTED_AS, distinct_keys, make_action
from .browser import LibraryBrowser
from .controller import LibraryController
from .judgements import JudgedReading, JudgementsPanel
from .judging import Judging
from .storing import Storing
from .undo import StoreCommand
from .watch import LibraryWatch

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


class LibraryRoom(Judging, Storing, QObject):
    eventShown = Signal(int)  # a stored event is in the panes (after opening or reloading)
    eventsListed = Signal()  # the browser shows a new list
    listFailed = Signal(str)  # the list could not be read (the browser says why)
    stepSaved = Signal(str)  # an undo/redo step reached the library (its text)
    stepFailed = Signal(str)
    readingReady = Signal(object, bool)  # a stored event to show; True: keep the analyst's place (a reload)
    eventClosed = Signal(str)  # the event on show is gone (deleted): show nothing, say this in the status bar
    titleChanged = Signal(str)  # the stored event on show is called this
    message = Signal(str)  # for the message bar: something went wrong
    status = Signal(str, int)  # a line for the status bar, and for how many ms (0: until replaced)
    glossaryChanged = Signal(str)  # the analyst's glossary groups (" = " format): file comparisons use them too
    sampleFilesWanted = Signal()  # no library to open: show the bundled sample's files
    eventRequested = Signal()  # a stored event is on its way: a file comparison still running would replace it
    claimWanted = Signal(str)  # bring this claim into view, selected
    messageOutdated = Signal()  # another event is on its way: what the message bar says was about the one before

    def __init__(self, controller: LibraryController, parent: QWidget | None = None, *, remember: bool = True,
                 reading: Callable[[], Reading | None] = lambda: None,
                 selected_claims: Callable[[], tuple[str, ...]] = tuple):
        super().__init__(parent)
        self.controller = controller
        self.remember = remember  # False: a scripted run (screenshot) neither reads nor keeps the last event
        self.reading = reading
        self.selected_claims = selected_claims
        self.current: JudgedReading | None = None  # the stored event on show, None for files
        self.last_claim: str | None = None  # the claim last clicked: "link with" pairs it with another
        self._wanted: int | None = None  # the event asked for most recently
        self._query = ""
        self._orphans: dict[int, int] = {}  # orphaned judgements per event, as last said
        self.author = analyst_name()  # who made a judgement: it matters in a library a team shares
        self.undo_stack = QUndoStack(self)
        self._build_docks(parent)
        self._build_actions(parent)
        # another process's import, rename or deletion shows in the list without F5
        self.watch = LibraryWatch(controller, self)
        self.watch.changed.connect(self.refresh_list)
        controller.opened.connect(self._opened)
        controller.openFailed.connect(self._open_failed)
        self._start: str = ""  # what to open once the library is open: "last", or "" for nothing
        self._update_actions()

    # -- construction -------------------------------------------------------------------------------
    def _build_docks(self, parent: QWidget | None) -> None:
        self.browser = LibraryBrowser()
        self.browser.searchRequested.connect(self.search)
        self.browser.openRequested.connect(self.open_event)
        self.browser.renameRequested.connect(self.rename_event)
        self.browser.deleteRequested.connect(self.delete_event)
        self.library_dock = QDockWidget("Library", parent)  # placed by the window
        self.library_dock.setObjectName("library")
        self.library_dock.setWidget(self.browser)
        self.panel = JudgementsPanel()
        self.panel.claimActivated.connect(self.claimWanted)
        self.panel.removeRequested.connect(self.remove_judgement)
        self.panel.show_event(None)
        self.judgements_dock = QDockWidget("Judgements", parent)
        self.judgements_dock.setObjectName("judgements")
        self.judgements_dock.setWidget(self.panel)

    def _action(self, parent, text: str, slot, shortcut=None, tip: str = ""):
        return make_action(parent, text, lambda _checked=False: slot(), shortcut, tip, key_in_tooltip=False)

    def _build_actions(self, parent: QWidget | None) -> None:
        self.undo_action = self.undo_stack.createUndoAction(parent, "&Undo")
        self.undo_action.setShortcuts(distinct_keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(parent, "&Redo")
        self.redo_action.setShortcuts(distinct_keys("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo))
        self.undo_action.setProperty(LISTED_AS, "Undo")  # their text names the step ("Undo Tag A2")
        self.redo_action.setProperty(LISTED_AS, "Redo")
        self.import_action = self._action(parent, "&Import folder…", self.choose_folder, "Ctrl+I", "Store a folder of account files as one event")
        self.save_action = self._action(parent, "Save to &library…", self.save_to_library, "Ctrl+S", "Keep this comparison in the library, to judge and annotate it")
        self.link_action = self._action(parent, "&Link claims…", self.link_dialog, "Ctrl+L", "Link two claims of different accounts by hand")
        self.reviewed_action = self._action(parent, "Mark group &reviewed", lambda: self.toggle_reviewed(self.selected_claims()), "Ctrl+R")
        self.accept_action = self._action(parent, "&Accept link", self.accept_link, [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
                                          "Confirm the selected group's least sure link as the engine made it")
        self.reject_action = self._action(parent, "Reject lin&k", self.reject_link, "Ctrl+Delete", "Remove the selected group's least sure link")
        self.tag_action = self._action(parent, "&Tag group…", lambda: self.ask_and_tag(self.selected_claims()), "Ctrl+Shift+T")
        self.note_action = self._action(parent, "&Note on group…", lambda: self.ask_and_note(self.selected_claims()), "Ctrl+Shift+N")
        self.glossary_action = self._action(parent, "&Glossary…", self.edit_glossary, None, "Your own groups of equivalent terms, used by every matcher")
        self.reload_action = self._action(parent, "Re&load from the library", self.reload_all, "F5", "Show the library as it is now (a colleague may have changed it)")
        self.realign_action = self._action(parent, "Re-&align event", self.realign, None, "Align this event's accounts again (your judgements are re-attached)")
        self.library_view_action = self.library_dock.toggleViewAction()
        self.library_view_action.setText("&Library")
        self.library_view_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.judgements_view_action = self.judgements_dock.toggleViewAction()
        self.judgements_view_action.setText("&Judgements")
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())

    def _update_actions(self) -> None:
        is_open = self.controller.is_open
        writable = is_open and not self.controller.read_only  # a read-only library is for browsing
        event = self.current is not None
        self.import_action.setEnabled(writable)
        self.save_action.setEnabled(writable and not event and self.reading() is not None)
        for action in (self.link_action, self.reviewed_action, self.tag_action, self.note_action, self.realign_action,
                       self.accept_action, self.reject_action):
            action.setEnabled(writable and event)
        self.glossary_action.setEnabled(writable)
        self.reload_action.setEnabled(is_open)

    # -- starting -----------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.controller.is_open

    def start(self, open_last: bool) -> None:
        """Open the library; then (``open_last``) the last event opened, or the sample the first time."""
        self._start = "last" if open_last else ""
        self.status.emit("Opening the library…", 0)
        self.controller.open()

    def _opened(self) -> None:
        self.glossaryChanged.emit(self.controller.glossary)  # file comparisons see through it too
        self.status.emit(f"Library: {self.controller.name}", 5000)
        self.library_dock.setToolTip(self.controller.name)
        self.browser.show_read_only(self.controller.read_only)
        self._update_actions()
        self.refresh_list()
        self.watch.start()
        if self._start == "last":
            last = self._last_event()
            if last is not None:
                self.open_event(last, fallback=True)
            else:
                self.open_sample()

    def _open_failed(self, message: str) -> None:
        self.browser.show_error(f"The library could not be opened: {message}")
        self._update_actions()
        if self._start == "last":
            self.sampleFilesWanted.emit()  # something to read, without the library
        # after the sample's files are asked for, which clears the message bar
        self.message.emit(f"The library could not be opened: {message}. You can still compare account files (File ▸ Open account files).")

    def open_sample(self) -> None:
        """File ▸ Open the sample, once the library is open: the sample's stored event, where judgements can be made."""
        title = default_sample_title()

        def found(event_id: int) -> None:
            self.open_event(event_id)

        def missing(_message: str, _exc) -> None:
            # A library without the samples (a team's shared one): its latest event, else the sample files.
            def listed(events) -> None:
                if events:
                    self.open_event(events[0].id)
                else:
                    self.sampleFilesWanted.emit()

            self.controller.list_events(done=listed, failed=lambda m, e: listed([]))

        if title:
            self.controller.find_event(title, done=found, failed=missing)
        else:
            missing("", None)

    def _settings_key(self) -> str:
        import hashlib

        return "library/last_event_" + hashlib.sha1(self.controller.name.encode("utf-8")).hexdigest()[:12]

    def _last_event(self) -> int | None:
        if not self.remember:
            return None  # a scripted run (screenshot) does not depend on what the analyst opened
        value = stored_settings.settings().value(self._settings_key())
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def _remember(self, event_id: int) -> None:
        if self.remember:
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
        def failed(message: str, _exc) -> None:
            self.browser.show_error(message)
            self.listFailed.emit(message)

        self.controller.list_events(query, done=listed, failed=failed, key=SEARCH)

    def open_event(self, event_id: int, fallback: bool = False, keep: bool = False) -> None:
        """Load a stored event (with the analyst's judgements) and show it; later requests win."""
        if not self.controller.is_open:
            return
        self._wanted = event_id
        self.eventRequested.emit()  # a file comparison still running would replace it
        if not keep:
            self.messageOutdated.emit()
            self.status.emit("Opening the event…", 0)

        def loaded(reading: JudgedReading) -> None:
            self.current = reading
            self.readingReady.emit(reading, keep)

        def failed(message: str, exc) -> None:
            if fallback and isinstance(exc, NotFoundError):
                self.open_sample()  # the last event has gone since: start from the sample
                return
            self.message.emit(f"Could not open the event: {message}")
            self.status.emit("", 0)

        # keyed: a later request (another event, files, closing this one) drops this one on arrival
        self.controller.load_event(event_id, done=loaded, failed=failed, key=OPEN_EVENT)

    def reload(self) -> None:
        if self.current is not None:
            self.open_event(self.current.event_id, keep=True)

    def reload_all(self) -> None:
        self.refresh_list()
        self.reload()

    # -- told by the window -------------------------------------------------------------------------
    def files_compared(self, _reading=None) -> None:
        """Files were compared after an event was asked for: drop the event if it arrives late."""
        self.controller.cancel(OPEN_EVENT)

    def claim_clicked(self, claim_id: str) -> None:
        self.last_claim = claim_id

    def comparison_shown(self, reading: Reading) -> None:
        """A reading is in the panes and the table: this room's event (``current``), or files."""
        if reading is self.current and self.current is not None:
            stored = self.current.stored
            self.titleChanged.emit(stored.title)
            self.browser.set_current(stored.id)
            self.panel.show_event(self.current)
            self._remember(stored.id)
            known, self._orphans[stored.id] = self._orphans.get(stored.id, 0), len(stored.orphaned)
            if stored.orphaned and len(stored.orphaned) != known:  # said once, when it happens or on opening
                n = len(stored.orphaned)
                self.status.emit(f"{counted(n, 'judgement')} of yours lost {verb(n, 'its', 'their')} claims at a re-alignment: see View ▸ Judgements", 0)
            self.eventShown.emit(stored.id)
        else:
            self.current = None
            self.browser.set_current(None)
            self.panel.show_event(None)
        self._update_actions()

    def dropped(self, paths: list[str]) -> bool:
        """A folder dropped on the window: its account files become one event. False: not for us."""
        if len(paths) == 1 and Path(paths[0]).is_dir() and self.controller.is_open:
            self.import_folder(paths[0])
            return True
        return False

    def close(self) -> None:
        """The window closes: the worker saves the last edit, then stops; nothing is lost."""
        self.watch.stop()
        self.controller.close()

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
        self.status.emit(("Undone: " if undo else "Saved: ") + text, 4000)
        if isinstance(change, (commands.RenameEvent, commands.DeleteEvent)):
            self.refresh_list()
        current = self.current.event_id if self.current else None
        if isinstance(change, commands.DeleteEvent):
            if not undo and current == command.event_id:
                self._close_event(f"“{self.current.stored.title}” was deleted — Edit ▸ Undo brings it back.")
            elif undo and self._wanted == command.event_id:
                self.open_event(command.event_id)
        elif current == command.event_id:
            self.reload()
        self.stepSaved.emit(text)

    def _step_failed(self, command: StoreCommand, message: str, exc) -> None:
        if isinstance(exc, ConcurrentEditError):
            self.message.emit(f"{message}. The event has been reloaded with their change; your undo history was cleared.")
        else:
            self.message.emit(f"Could not save “{command.label}”: {message}. The event shows what the library holds; your undo history was cleared.")
        self.undo_stack.clear()
        self.refresh_list()
        self.reload()
        self.stepFailed.emit(message)

    def _close_event(self, message: str) -> None:
        self.current = None
        self.controller.cancel(OPEN_EVENT)
        self.eventClosed.emit(message)  # the window shows nothing and says why
        self.panel.show_event(None)
        self.browser.set_current(None)
        self._update_actions()
