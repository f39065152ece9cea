"""The comparison room: the accounts side by side, the legend and the claims table, and what the
analyst does there — select a group, step through the differences (or through one kind of group:
conflicts, omissions, groups to review), find words in every account, filter and sort the table
(the groups to review least sure first, with "12 of 18 groups reviewed" over it), zoom, scroll
the panes in step, copy a group's claims.

The window places the room's widgets (``legend``, ``find_bar``, ``view`` and ``placeholder`` in the
middle, ``table_box`` in the Claims table dock) and puts its actions (``next_action``,
``sync_action``…, the Go menu's ``go_actions``, the Edit menu's ``find_actions``) into its menus
and toolbar; the room tells the window what happened through signals:
``status`` (a line for the status bar), ``claimClicked``, and the right-clicks on a claim or a
table row (``claimMenuRequested``, ``groupMenuRequested``) for whoever offers a menu there. It
shows the ``Reading`` it is given (``show_reading``, then ``fill_table``) and never changes it;
what is selected can be asked (``selected_claims``, ``selected_groups``).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from ...core.find import ClaimFinder, Match
from ...core.marks import MARKS
from ...core.model import Group
from ...core.plural import counted
from ...core.reading import Reading
from ..actions import distinct_keys, make_action
from ..background import Tasks
from . import cues
from .compare_view import ComparisonView
from .find_bar import FindBar
from .legend import Legend
from .table import TO_REVIEW, GroupFilter, GroupTableModel, confidence_column, filters_for

ZOOM_RANGE = (7, 28)
PLACEHOLDER = "Open two or more accounts of the same event: File ▸ New comparison (Ctrl+N)."

Place = tuple[str | None, list[int]]  # the claim selected and each pane's scroll position
# How the status bar names a kind of group when there is no more of it (core.reading.KINDS).
# Folding every claim for the find bar costs about 1 ms per 1,000 words of Latin text and ten times
# that for other scripts (benchmarks/bench_find.py): above this many characters it is done off the
# GUI thread, and the find waits for it.
FIND_IN_BACKGROUND = 60_000
FIND_PAUSE = 150  # ms without a keystroke before a long comparison is searched
FIND_PAUSE_ABOVE = 60_000  # characters of account text from which a search waits for that pause (a short one: at once)
KIND_PLURALS = {"difference": "differences", "conflict": "conflicts", "omission": "omissions", "unreviewed": "groups to review"}


class ComparisonRoom(QObject):
    status = Signal(str, int)  # a line for the status bar, and for how many ms (0: until replaced)
    claimClicked = Signal(str)  # a claim clicked (or reached with the keys) in a pane
    claimMenuRequested = Signal(str, QPoint)  # right-click on a claim: its id, where (global)
    groupMenuRequested = Signal(tuple, QPoint)  # right-click on a table row: the group's claims, where

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.reading: Reading | None = None  # what the panes show (None: the placeholder)
        self.last_claim: str | None = None  # the claim last clicked: kept selected across a reload
        self._zoom = QApplication.font().pointSize() if QApplication.font().pointSize() > 0 else 10
        self.view = ComparisonView()
        self.view.groupSelected.connect(self._group_selected)
        self.view.claimClicked.connect(self._claim_clicked)
        self.view.claimMenuRequested.connect(self.claimMenuRequested)
        self.view.hide()
        self.legend = Legend()
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.find_bar = FindBar()
        self.find_bar.textChanged.connect(self._find_typed)
        # In long accounts each search costs tens of milliseconds: it waits until the analyst
        # pauses typing (Enter, F3 and the arrows search at once)
        self._find_pause = QTimer(self)
        self._find_pause.setSingleShot(True)
        self._find_pause.setInterval(FIND_PAUSE)
        self._find_pause.timeout.connect(lambda: self.find(self.find_bar.text()))
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.filterToggled.connect(lambda _on: self._filter_found())
        self.find_bar.closed.connect(self.close_find)
        self._finder: tuple[Reading, ClaimFinder] | None = None
        self._tasks = Tasks(self)  # the find bar's index of a long comparison
        self._indexing: Reading | None = None  # the reading whose index is being made
        self.matches: tuple[Match, ...] = ()  # the claims the find bar found, in reading order
        self.match_index: int | None = None  # the one it is on
        self._build_table()
        self._build_actions(parent)
        self.apply_zoom(self._zoom)

    # -- construction -------------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.model = GroupTableModel(self)
        self.proxy = GroupFilter(self)
        self.proxy.setSourceModel(self.model)
        self.model.filled.connect(self._table_filled)
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
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
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
        self.review_label = QLabel()  # "12 of 18 groups reviewed"
        self.review_label.setObjectName("reviewCount")
        self.review_label.setToolTip(
            "Groups as the engine aligned them, with at least one link: a group is reviewed when you have "
            "accepted, re-related or rejected each of its links, or marked it reviewed"
        )
        top.addWidget(self.review_label)
        self.table_box = QWidget()  # what the Claims table dock holds
        layout = QVBoxLayout(self.table_box)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _build_actions(self, parent: QObject | None) -> None:
        self.next_action = make_action(parent, "&Next difference", self.next_difference, "Alt+Down", "Go to the next omission, conflict or changed wording")
        self.previous_action = make_action(parent, "&Previous difference", self.previous_difference, "Alt+Up", "Go to the previous difference")
        self.sync_action = make_action(parent, "&Synchronised scrolling", self.view.set_sync, "Ctrl+Shift+S", "Keep aligned claims level while scrolling", checkable=True)
        self.sync_action.setChecked(True)
        self.zoom_in_action = make_action(parent, "Zoom &in", lambda: self.apply_zoom(self._zoom + 1), [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = make_action(parent, "Zoom &out", lambda: self.apply_zoom(self._zoom - 1), "Ctrl+-")
        self.zoom_reset_action = make_action(parent, "&Reset zoom", lambda: self.apply_zoom(QApplication.font().pointSize()), "Ctrl+0")
        self.legend_action = make_action(parent, "&Legend", lambda on: self.legend.setVisible(on), "Ctrl+Shift+L", checkable=True)
        self.legend_action.setChecked(True)
        self.copy_action = make_action(parent, "&Copy selected claims", self.copy_selection, QKeySequence.StandardKey.Copy, "Copy the selected group's claims, with their accounts")
        self.find_action = make_action(parent, "&Find…", self.open_find, distinct_keys(QKeySequence.StandardKey.Find, "Ctrl+F"), "Find words in every account")
        self.find_next_action = make_action(parent, "Find ne&xt", self.find_next, "F3", "The next claim with the words found")
        self.find_previous_action = make_action(parent, "Find pre&vious", self.find_previous, "Shift+F3", "The previous claim with the words found")
        self.find_actions = [self.find_action, self.find_next_action, self.find_previous_action]

        def go(text: str, slot, key: str, tip: str):
            return make_action(parent, text, lambda _checked=False: slot(), key, tip)

        self.next_conflict_action = go("Next conflict", lambda: self._go("conflict", 1), "Alt+C", "Go to the next group whose accounts cannot both be right")
        self.previous_conflict_action = go("Previous conflict", lambda: self._go("conflict", -1), "Alt+Shift+C", "Go to the previous conflict")
        self.next_omission_action = go("Next omission", lambda: self._go("omission", 1), "Alt+O", "Go to the next claim only one account makes")
        self.previous_omission_action = go("Previous omission", lambda: self._go("omission", -1), "Alt+Shift+O", "Go to the previous omission")
        self.next_unreviewed_action = go("Next unreviewed", lambda: self._go("unreviewed", 1), "Alt+U", "Go to the next group with a link still to review")
        self.previous_unreviewed_action = go("Previous unreviewed", lambda: self._go("unreviewed", -1), "Alt+Shift+U", "Go to the previous group to review")
        self.first_difference_action = go("First difference", lambda: self._go_to_end("difference", last=False), "Alt+Home", "Go to the first difference")
        self.last_difference_action = go("Last difference", lambda: self._go_to_end("difference", last=True), "Alt+End", "Go to the last difference")
        self.go_actions = [
            self.next_action, self.previous_action, self.first_difference_action, self.last_difference_action, None,
            self.next_conflict_action, self.previous_conflict_action, self.next_omission_action, self.previous_omission_action, None,
            self.next_unreviewed_action, self.previous_unreviewed_action,
        ]

    # -- showing ------------------------------------------------------------------------------------
    def show_reading(self, reading: Reading) -> None:
        """The accounts in the panes (the table follows with ``fill_table``)."""
        self.reading = reading
        self.placeholder.hide()
        self.view.show()
        self.view.show_comparison(reading)
        if self.find_bar.isVisible() and self.find_bar.text().strip():
            self._refind()  # the same words in the new reading, on the same claim if it still has them

    def fill_table(self, reading: Reading) -> None:
        """The claims table for the reading in the panes: rows, filters, column widths."""
        self.model.set_reading(reading)
        self._size_table_columns(len(reading.comparison.accounts))
        self.review_label.setText(reading.review.header())
        self._filter_found()
        self._set_filters([a.label for a in reading.comparison.accounts])

    def clear(self) -> None:
        """Nothing to show (the event on show was deleted): the placeholder instead of the panes."""
        self.reading = None
        self.view.hide()
        self.model.set_reading(None)
        self.review_label.setText("")
        self._show_found((), None)
        self.placeholder.show()

    def summary(self) -> str:
        """The status bar's line once a reading is shown: groups, differences, the engine's notes."""
        reading = self.reading
        differences = len(reading.differences)
        return f"{counted(len(reading.groups), 'group')}, {counted(differences, 'difference')} · {' · '.join(reading.comparison.notes)}".rstrip(" ·")

    # -- the claims table ---------------------------------------------------------------------------
    def _filter_changed(self, i: int) -> None:
        if not 0 <= i < len(self._filters):
            return
        name, states, account = self._filters[i]
        header = self.table.horizontalHeader()
        if name == TO_REVIEW and self.model.reading is not None:
            reading = self.model.reading
            self.proxy.set_states(None, None, groups=reading.review.order)
            # least sure first: by the confidence column (the proxy's sort is stable: reading order within a tie)
            self.table.sortByColumn(confidence_column(len(reading.comparison.accounts)), Qt.SortOrder.AscendingOrder)
            self._review_first()
            return
        if self.proxy.groups is not None:  # leaving the review: back to reading order
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)
        self.proxy.set_states(states, account)

    def reviewing(self) -> bool:
        """True while the claims table shows the groups to review."""
        return self.filter.currentText() == TO_REVIEW

    def _review_first(self) -> None:
        """Select the least sure group still to review (the head of the review)."""
        reading = self.reading
        if reading is None or reading is not self.model.reading:
            return
        order = reading.review.order
        if not order:
            self.status.emit("Nothing left to review: every link has your judgement", 5000)
            return
        self.view.select_group(order[0])

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
        # "set by the analyst" where the analyst made a link (who made it is in the cell's tooltip)
        by_analyst = any(link.by_analyst for link in self.reading.comparison.links)
        self.table.setColumnWidth(n + 2, metrics.horizontalAdvance("set by the analyst" if by_analyst else "Score") + pad)
        self.table.setColumnWidth(n + 3, metrics.horizontalAdvance("Confidence") + pad)

    def _table_activated(self, index: QModelIndex) -> None:
        group = self.proxy.mapToSource(index).row()
        self.view.select_group(group)

    def _table_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid() or self.reading is None:
            return
        group = self.proxy.mapToSource(index).row()
        self.groupMenuRequested.emit(tuple(self.reading.groups[group].claims), self.table.viewport().mapToGlobal(pos))

    # -- selection and navigation -------------------------------------------------------------------
    def next_difference(self) -> None:
        self._step(1)

    def previous_difference(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        self._go("difference", step)

    def _go(self, kind: str, step: int) -> None:
        """The next (step=1) or previous group of one kind, selected and in view in every pane."""
        if not self.reading:
            return
        group = self.reading.next_of_kind(kind, self.view.selected_group, step)
        if group is None:
            none = not self.reading.groups_of_kind(kind)
            self.status.emit(f"No {KIND_PLURALS[kind]} in this comparison" if none else f"No more {KIND_PLURALS[kind]} in this direction", 3000)
            return
        self.view.select_group(group)

    def _go_to_end(self, kind: str, last: bool) -> None:
        if not self.reading:
            return
        group = self.reading.last_of_kind(kind) if last else self.reading.first_of_kind(kind)
        if group is None:
            self.status.emit(f"No {KIND_PLURALS[kind]} in this comparison", 3000)
            return
        self.view.select_group(group)

    def _claim_clicked(self, claim_id: str) -> None:
        self.last_claim = claim_id
        self.claimClicked.emit(claim_id)

    def _group_selected(self, group: int) -> None:
        self._select_row(group)
        state = self.reading.group_states[group]
        position = ""
        if group in self.reading.differences:
            position = f"difference {self.reading.differences.index(group) + 1} of {len(self.reading.differences)} · "
        self.status.emit(f"{position}group {group + 1}: {cues.state_name(state)}", 0)

    def _select_row(self, group: int) -> None:
        """The group's row selected and in view in the claims table (if it has its row yet)."""
        source = self.model.index(group, 0)
        row = self.proxy.mapFromSource(source)
        if row.isValid() and self.model.reading is self.reading:
            self.table.blockSignals(True)
            # not selectRow: with Shift held (Shift+F3, Alt+Shift+C…) it would extend the table's selection
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(row, flags)
            self.table.scrollTo(row)
            self.table.blockSignals(False)

    def _table_filled(self) -> None:
        """A long comparison's last rows are in: the group selected meanwhile gets its row selected."""
        if self.view.selected_group is not None and self.model.reading is self.reading:
            self._select_row(self.view.selected_group)

    def go_to_claim(self, claim_id: str) -> None:
        """Select the claim's group, with the claim itself in view."""
        reading = self.reading
        if reading is not None and claim_id in reading.group_index:
            self.view.select_group(reading.group_of(claim_id), origin=claim_id)

    def selected_claims(self) -> tuple[str, ...]:
        """The claims of the group selected in the panes (none: empty)."""
        if self.reading is None or self.view.selected_group is None:
            return ()
        return tuple(self.reading.groups[self.view.selected_group].claims)

    def selected_groups(self) -> list[Group]:
        """The groups selected in the claims table, else the group selected in the panes."""
        reading = self.reading
        if reading is None:
            return []
        rows = sorted({self.proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows()})
        if self.model.reading is not reading:
            rows = []  # the table still shows the previous comparison
        if not rows and self.view.selected_group is not None:
            rows = [self.view.selected_group]
        return [reading.groups[r] for r in rows if 0 <= r < len(reading.groups)]

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

    # -- keeping the analyst's place across a reload ------------------------------------------------
    def place(self) -> Place:
        """The claim selected (the one clicked, if it is in the selected group) and the scroll positions."""
        view = self.view
        claim = None
        if view.selected_group is not None and self.reading is not None:
            claims = self.reading.groups[view.selected_group].claims
            claim = self.last_claim if self.last_claim in claims else claims[0]
        return claim, [v.verticalScrollBar().value() for v in view.views()]

    def restore_place(self, place: Place) -> None:
        """The same scroll positions and the same claim selected as before."""
        claim, scrolls = place
        view = self.view
        with view.scroll_lock():
            for v, value in zip(view.views(), scrolls):
                v.content_height()  # the scroll range, from the layout
                v.verticalScrollBar().setValue(value)
        reading = self.reading
        if self.reviewing():
            self._review_first()  # a link just judged (or a judgement undone): on to the least sure one
        elif claim and claim in reading.group_index:
            view.select_group(reading.group_of(claim), origin=claim)

    # -- find -----------------------------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.open()
        if self.find_bar.text().strip():
            self._refind()

    def close_find(self) -> None:
        """Escape: the bar, the highlights and the table's restriction go; the panes take the keys again."""
        self._find_pause.stop()
        self.find_bar.hide()
        self._show_found((), None)
        self.proxy.set_found(None)
        if self.view.panes:
            self.view.panes[0].view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _finder_for(self, reading: Reading) -> ClaimFinder | None:
        """The find index of this reading; None while a long comparison's is made in the background
        (``find`` runs again when it is ready)."""
        if self._finder is not None and self._finder[0] is reading:
            return self._finder[1]
        comparison = reading.comparison
        if sum(len(a.text) for a in comparison.accounts) <= FIND_IN_BACKGROUND:
            self._finder = (reading, ClaimFinder(comparison))
            return self._finder[1]

        if self._indexing is reading:
            return None  # on its way

        def ready(finder: ClaimFinder) -> None:
            self._finder, self._indexing = (reading, finder), None
            if reading is self.reading and self.find_bar.isVisible():
                self._refind()

        self._indexing = reading
        self.find_bar.count.setText("Searching…")
        self._tasks.run(lambda: ClaimFinder(comparison), done=ready, key="finder")
        return None

    def _find_typed(self, text: str) -> None:
        """The find field changed: search now, or once the analyst pauses in a long comparison."""
        reading = self.reading
        if reading is not None and sum(len(a.text) for a in reading.comparison.accounts) > FIND_PAUSE_ABOVE:
            self._find_pause.start()
        else:
            self.find(text)

    def _find_pending(self) -> None:
        """What was typed last is searched before stepping through what was found."""
        if self._find_pause.isActive():
            self._find_pause.stop()
            self.find(self.find_bar.text())

    def find(self, text: str) -> None:
        """The claims with these words, highlighted in every pane; the first one selected."""
        self._find_pause.stop()
        if self.reading is None:
            return
        finder = self._finder_for(self.reading)
        if finder is None:
            return  # searched when the index is ready
        matches = finder.find(text)
        self._show_found(matches, 0 if matches else None)
        self._filter_found()
        if matches:
            self.go_to_claim(matches[0].claim)

    def _refind(self) -> None:
        finder = self._finder_for(self.reading)
        if finder is None:
            return
        current = self.matches[self.match_index].claim if self.match_index is not None else None
        matches = finder.find(self.find_bar.text())
        ids = [m.claim for m in matches]
        index = ids.index(current) if current in ids else (0 if matches else None)
        self._show_found(matches, index)
        self._filter_found()
        if current is None and index is not None:
            self.go_to_claim(matches[index].claim)

    def find_next(self) -> None:
        self._find_step(1)

    def find_previous(self) -> None:
        self._find_step(-1)

    def _find_step(self, step: int) -> None:
        self._find_pending()
        if not self.find_bar.isVisible() or not self.find_bar.text().strip():
            self.open_find()  # F3 with nothing to find: ask what
            return
        if not self.matches:
            self.status.emit(f"No claim contains “{self.find_bar.text().strip()}”", 3000)
            return
        i = (self.match_index if self.match_index is not None else -step) + step
        if not 0 <= i < len(self.matches):
            i %= len(self.matches)
            self.status.emit("Back at the " + ("first" if step > 0 else "last") + " claim found", 3000)
        self._show_found(self.matches, i)
        self.go_to_claim(self.matches[i].claim)

    def _show_found(self, matches: tuple[Match, ...], index: int | None) -> None:
        self.matches, self.match_index = matches, index
        found = {m.claim: m.ranges for m in matches}
        current = matches[index].claim if index is not None else None
        for view in self.view.views():
            view.set_found(found, current)
        self.find_bar.show_count(index, len(matches), self.find_bar.text())

    def _filter_found(self) -> None:
        """With "Only these groups" ticked, the claims table keeps the groups with a claim found."""
        reading = self.model.reading
        if reading is None or not self.find_bar.isVisible() or not self.find_bar.filter_box.isChecked() or not self.find_bar.text().strip():
            self.proxy.set_found(None)
            return
        self.proxy.set_found({reading.group_of(m.claim) for m in self.matches if m.claim in reading.group_index})

    # -- view ---------------------------------------------------------------------------------------
    def apply_zoom(self, points: int) -> None:
        self._zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], points))
        font = QFont(self.view.font())
        font.setPointSize(self._zoom)
        self.view.set_view_font(font)

    def zoom(self) -> int:
        return self._zoom

    def set_sync(self, on: bool) -> None:
        self.sync_action.setChecked(on)
        self.view.set_sync(on)
