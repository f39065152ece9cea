"""The library browser: the events in the library with their accounts, and a search box.

Only widgets: the browser asks for things through its signals (search, open, rename, delete)
and is told what to show (``set_events``); the window's library side does the work on the
database worker. Typing in the search box waits for a pause (debounced) before asking, so a
search runs once per pause rather than once per key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.plural import counted, verb
from ...store.repository import EventSummary

EVENT_ROLE = Qt.ItemDataRole.UserRole  # the event's id, on event rows and their account rows
SEARCH_PAUSE_MS = 250
REBUILD_AFTER = 40  # rows to make or take out beyond which the list is built afresh (cheaper than one by one)


class LibraryBrowser(QWidget):
    searchRequested = Signal(str)
    openRequested = Signal(int)
    renameRequested = Signal(int, str)
    deleteRequested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, sources and text…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the library")
        self.status = QLabel("Opening the library…")
        self.status.setWordWrap(True)
        # Shown when the library cannot be changed (an archived copy, a read-only share).
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setStyleSheet("background: #fff4ce; color: #4d3b00; border: 1px solid #c9a400; padding: 4px")
        self.banner.setAccessibleName("Read-only library")
        self.banner.hide()
        self.read_only = ""
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Event", "Date"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # titles get the room; dates fit
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Events in the library")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(self._activated)  # double-click or Enter
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._analyst_moved)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.searchRequested.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _t: self._pause.start())
        self.search.returnPressed.connect(self._search_now)
        self.rename_action = QAction("&Rename…", self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.rename_action.triggered.connect(self.rename_selected)
        self.delete_action = QAction("&Delete…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.tree.addAction(self.rename_action)
        self.tree.addAction(self.delete_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.banner)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        self.events: list[EventSummary] = []
        self.total: int | None = None  # events in the whole library (when the last list was unfiltered)
        self.current: int | None = None  # the event open in the window, shown in bold and selected
        # The event the analyst moved the selection to (click, arrow keys) without opening it: a
        # refreshed list keeps it selected. None: the selection follows the open event.
        self.chosen: int | None = None
        self._moving = False  # the browser itself is moving the selection

    # -- showing ------------------------------------------------------------------------------------
    def set_events(self, events: list[EventSummary], query: str = "") -> None:
        """Show these events. Rows whose event looks the same are kept as they are (expanded,
        scrolled, selected); when only a few rows differ (another process imported, renamed or
        deleted an event) only those are made again, so a refresh of a long list costs little."""
        before = {e.id: e for e in self.events}
        self.events = list(events)  # their versions, whatever else
        if not query:
            self.total = len(events)
        self.tree.blockSignals(True)
        try:
            if not self._update_rows(before, events):
                self._rebuild(events)
        finally:
            self.tree.blockSignals(False)
        self._mark_current()
        self._follow()
        self._say(events, query)

    @staticmethod
    def _looks(event: EventSummary) -> tuple:
        return event.id, event.title, event.date, event.accounts, event.sources

    def _update_rows(self, before: dict[int, EventSummary], events: list[EventSummary]) -> bool:
        """Take out the rows that changed or went, put in the new ones; False when too much
        differs (or the kept rows would change order) and the list is better built again."""
        rows = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        old_ids = [row.data(0, EVENT_ROLE) for row in rows]
        new_by_id = {e.id: e for e in events}
        keep = {
            i for i, row in zip(old_ids, rows)
            if i in before and i in new_by_id and self._looks(before[i]) == self._looks(new_by_id[i])
            and row.text(0) == new_by_id[i].title  # a refused rename shows the stored title again
        }
        if len(rows) - len(keep) + len(events) - len(keep) > REBUILD_AFTER:
            return False
        if [i for i in old_ids if i in keep] != [e.id for e in events if e.id in keep]:
            return False
        for index in range(len(rows) - 1, -1, -1):
            if old_ids[index] not in keep:
                self.tree.takeTopLevelItem(index)
        for position, event in enumerate(events):
            if event.id not in keep:
                self.tree.insertTopLevelItem(position, self._row(event))
        return True

    def _rebuild(self, events: list[EventSummary]) -> None:
        self.tree.clear()
        self.tree.addTopLevelItems([self._row(event) for event in events])

    def _row(self, event: EventSummary) -> QTreeWidgetItem:
        item = QTreeWidgetItem([event.title, event.date])
        item.setData(0, EVENT_ROLE, event.id)
        if not self.read_only:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(0, f"{event.title}\n{counted(len(event.accounts), 'account')}: {'; '.join(event.accounts)}")
        # the summary lists only the sources that are given: pair them with labels only when all are
        sources = event.sources if len(event.sources) == len(event.accounts) else ("",) * len(event.accounts)
        for label, source in zip(event.accounts, sources):
            child = QTreeWidgetItem(item, [label, source])
            child.setData(0, EVENT_ROLE, event.id)
            child.setToolTip(0, f"{label} — {source}" if source else label)
        return item

    def _say(self, events: list[EventSummary], query: str) -> None:
        if query:
            n = len(events)
            self.status.setText(f"{counted(n, 'event')} {verb(n, 'matches', 'match')} “{query}”" if events else f"No event matches “{query}”.")
        elif events:
            self.status.setText(f"{counted(len(events), 'event')} in the library")
        else:
            self.status.setText("The library is empty: File ▸ Import folder… or File ▸ Save to library.")

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def show_read_only(self, reason: str) -> None:
        """Say why the library cannot be changed (``reason``; "" hides the banner), and stop renaming and deleting."""
        self.read_only = reason
        self.banner.setText(f"<b>Read-only library</b>: {reason}. You can browse, search and export its events; "
                            "nothing can be changed." if reason else "")
        self.banner.setVisible(bool(reason))
        self.rename_action.setEnabled(not reason)
        self.delete_action.setEnabled(not reason)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if reason else QAbstractItemView.EditTrigger.EditKeyPressed)

    def set_current(self, event_id: int | None) -> None:
        """The event now open in the window (None: files, or nothing): bold, and selected (unless
        the analyst has since selected another one, and the same event is only shown again)."""
        if event_id != self.current:
            self.chosen = None
        self.current = event_id
        self._mark_current()
        self._follow()

    def _follow(self) -> None:
        """Select the event the analyst chose, if it is still listed, else the open event; neither
        listed: nothing selected (never an event that merely happens to sit where one was)."""
        target = self.chosen if self.chosen is not None and self.item_of(self.chosen) is not None else self.current
        item = self.item_of(target) if target is not None else None
        self._moving = True
        try:
            if item is None:
                self.tree.clearSelection()
                self.tree.setCurrentItem(None)
            else:
                self.tree.setCurrentItem(item)
        finally:
            self._moving = False

    def _analyst_moved(self, item, _previous) -> None:
        if self._moving or item is None:
            return
        event_id = item.data(0, EVENT_ROLE)
        self.chosen = None if event_id == self.current else event_id

    def _mark_current(self) -> None:
        self.tree.blockSignals(True)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            font = item.font(0)
            bold = item.data(0, EVENT_ROLE) == self.current
            if font.bold() != bold:  # only the rows that change: a long list is not redrawn row by row
                font.setBold(bold)
                item.setFont(0, font)
        self.tree.blockSignals(False)

    def event_titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def item_of(self, event_id: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, EVENT_ROLE) == event_id:
                return item
        return None

    def select_event(self, event_id: int) -> None:
        item = self.item_of(event_id)
        if item is not None:
            self.tree.setCurrentItem(item)  # as the analyst would: a refreshed list keeps it

    def selected_event(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, EVENT_ROLE) if item is not None else None

    def summary_of(self, event_id: int) -> EventSummary | None:
        return next((e for e in self.events if e.id == event_id), None)

    # -- asking -------------------------------------------------------------------------------------
    def _search_now(self) -> None:
        self._pause.stop()
        self.searchRequested.emit(self.search.text().strip())

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.openRequested.emit(item.data(0, EVENT_ROLE))

    def rename_selected(self) -> None:
        event_id = self.selected_event()
        item = self.item_of(event_id) if event_id is not None else None
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.editItem(item, 0)

    def delete_selected(self) -> None:
        event_id = self.selected_event()
        if event_id is not None:
            self.deleteRequested.emit(event_id)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0 or item.parent() is not None:
            return
        event = self.summary_of(item.data(0, EVENT_ROLE))
        title = item.text(0).strip()
        if event is None:
            return
        if not title or title == event.title:
            self.tree.blockSignals(True)
            item.setText(0, event.title)  # an empty title is not a rename
            self.tree.blockSignals(False)
            return
        self.renameRequested.emit(event.id, title)

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = self.context_menu(item.data(0, EVENT_ROLE))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self, event_id: int) -> QMenu:
        menu = QMenu(self)
        menu.addAction("&Open").triggered.connect(lambda: self.openRequested.emit(event_id))
        menu.addAction(self.rename_action)
        menu.addAction(self.delete_action)
        return menu
