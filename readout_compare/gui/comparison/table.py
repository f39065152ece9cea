"""The claims table: one row per alignment group, a column per account, relation, score, the
engine's confidence in the group's least sure link still to review, and the kinds of difference.
A QAbstractTableModel over the engine's groups; colours come through roles.

The filter keeps the groups of some states, or of one account, or those still to review (least
sure first, ``core.review``), and, when the find bar asks, only the groups it found.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from . import cues, explain
from ...core.explain import set_by
from ...core.reading import Reading, State
from ...core.review import rank

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
ACCOUNTS_ROLE = Qt.ItemDataRole.UserRole + 3  # the accounts (indices) a group has claims in
TO_REVIEW = "To review (least sure first)"  # the filter of groups with links still to review
NOT_TO_REVIEW = 2.0  # the confidence column's sort key for a group with nothing to review: after every probability

FILTERS = [
    ("All groups", None),
    ("Only omissions", {State.OMITTED, State.RELATED}),
    ("Only conflicts", {State.CONFLICT}),
    ("Only changed wording", {State.CHANGED}),
    ("All differences", {State.OMITTED, State.RELATED, State.CONFLICT, State.CHANGED}),
    ("Only matched", {State.MATCHED}),
    (TO_REVIEW, None),
]
COLUMNS_AFTER_ACCOUNTS = ("Relation", "Score", "Confidence", "Differences")


def confidence_column(accounts: int) -> int:
    return accounts + 3


def confidence_text(confidence: float | None) -> str:
    """A probability as the table shows it: never "1.00", which would read as certainty."""
    if confidence is None:
        return "?"
    return ">0.99" if confidence > 0.99 else f"{confidence:.2f}"


CONFIDENCE_TIP = ("How sure the engine is of the group's least sure link still to review (the pair scorer's "
                  "calibrated probability; ? when none was recorded). Empty: nothing left to review.")


class GroupTableModel(QAbstractTableModel):
    """The groups of the reading, a row each. A long comparison's rows come in slices, one per
    turn of the event loop (``ROWS_AT_ONCE`` at a time, ``filled`` once all are in): the filter
    asks about every row that comes in, and thousands at once would hold the window."""

    ROWS_AT_ONCE = 1500
    filled = Signal()  # every group has its row

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reading: Reading | None = None
        self._rows = 0  # the rows in so far
        self._more = QTimer(self)  # a zero timer: it takes its turn with the window's other timers
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_rows)

    def set_reading(self, reading: Reading | None) -> None:
        self.beginResetModel()
        self.reading = reading
        self._n = len(reading.comparison.accounts) if reading else 0
        self._texts: dict[tuple[int, int], str] = {}  # views ask for the same cells again and again
        self._rows = min(self.ROWS_AT_ONCE, len(reading.groups)) if reading else 0
        self.endResetModel()
        self._more.stop()
        if self.is_filled():
            self.filled.emit()
        else:
            self._more.start()

    def is_filled(self) -> bool:
        """Every group of the reading has its row."""
        return self._rows == (len(self.reading.groups) if self.reading else 0)

    def _add_rows(self) -> None:
        total = len(self.reading.groups) if self.reading else 0
        if self._rows >= total:
            return
        last = min(total, self._rows + self.ROWS_AT_ONCE) - 1
        self.beginInsertRows(QModelIndex(), self._rows, last)
        self._rows = last + 1
        self.endInsertRows()
        if self.is_filled():
            self.filled.emit()
        else:
            self._more.start()

    def _accounts(self) -> int:
        return getattr(self, "_n", 0)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self.reading else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._accounts() + 1 + len(COLUMNS_AFTER_ACCOUNTS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and self.reading:
            return CONFIDENCE_TIP if section == confidence_column(self._accounts()) else None
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal or not self.reading:
            return None
        n = self._accounts()
        if section == 0:
            return "#"
        if section <= n:
            return self.reading.comparison.accounts[section - 1].label
        return COLUMNS_AFTER_ACCOUNTS[section - n - 1]

    def cell_text(self, row: int, column: int) -> str:
        key = (row, column)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._cell_text(row, column)
        return text

    def _cell_text(self, row: int, column: int) -> str:
        reading = self.reading
        group = reading.groups[row]
        n = self._accounts()
        if column == 0:
            return str(row + 1)
        if column <= n:
            claims = [reading.comparison.claim(c) for c in group.claims]
            mine = [c for c in claims if c.account == column - 1]
            return " / ".join(f"{c.id} {c.text}" for c in mine) if mine else "—"
        column -= n + 1
        state = reading.group_states[row]
        if column == 0:
            return f"{cues.CUES[state].mark} {cues.state_name(state)}"
        if column == 1:
            if not group.relation:
                return ""
            # a link the analyst made has no score worth reading: 1.00 would pass for perfect likeness
            return analyst_set(reading.comparison, group.claims) or f"{group.score:.2f}"
        if column == 2:
            review = reading.review
            if not review.is_to_review(row):
                return ""
            return confidence_text(review.confidence(row))
        kinds = list(group.kinds)
        if hasattr(reading, "group_marks"):  # the analyst's judgements on a stored event come first
            kinds = reading.group_marks(row) + kinds
        if state in (State.OMITTED, State.RELATED):
            only = reading.comparison.accounts[reading.comparison.claim(group.claims[0]).account].label
            kinds.insert(0, f"only in {only}")
        return ", ".join(kinds)

    @staticmethod
    def _isolated(text: str) -> str:
        """Claim text shown in a cell after its id ("A1 ..."): each claim a first-strong isolate
        (U+2068 ... U+2069), so a Persian or Arabic claim keeps its own direction (its full stop
        at its end, on the left) instead of taking the direction of the Latin id before it."""
        if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
            return text
        return " / ".join(
            f"{part[: part.find(' ') + 1]}\u2068{part[part.find(' ') + 1 :]}\u2069" if " " in part else part
            for part in text.split(" / ")
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.reading:
            return None
        row, column = index.row(), index.column()
        n = self._accounts()
        state = self.reading.group_states[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if 1 <= column <= n:
                return self._isolated(self.cell_text(row, column))
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == n + 4:  # the kinds of difference: why, in plain words
                return explain.group_tooltip(self.reading.comparison, self.reading.groups[row].claims)
            if column == n + 3:
                return self._confidence_tooltip(row)
            # escaped: account text is untrusted and Qt would take "<b>…" for rich text
            return "<qt>" + explain.e(self.cell_text(row, column)) + "</qt>"
        if role == SORT_ROLE:
            if column == 0:
                return row
            if column == n + 2:
                return self.reading.groups[row].score
            if column == n + 3:
                review = self.reading.review
                return rank(review.current_link(row)) if review.is_to_review(row) else NOT_TO_REVIEW
            if column == n + 1:
                return list(State).index(state)
            return self.cell_text(row, column)
        if role == STATE_ROLE:
            return state
        if role == ACCOUNTS_ROLE:
            comparison = self.reading.comparison
            return frozenset(comparison.claim(c).account for c in self.reading.groups[row].claims)
        if role == Qt.ItemDataRole.BackgroundRole and column == n + 1:
            return cues.fill(state, QApplication.palette())
        if role == Qt.ItemDataRole.ForegroundRole and column == n + 1:
            return cues.hue(state, QApplication.palette()) if state is not State.MATCHED else QApplication.palette().color(QPalette.ColorRole.Text)
        return None


def analyst_set(comparison, claims) -> str:
    """"set by the analyst (who)" when the analyst made one of the group's links, else ""."""
    inside = set(claims)
    for cid in claims:
        for link in comparison.links_of(cid):
            if link.by_analyst and inside.issuperset(link.claims):
                return set_by(link)
    return ""


    def _confidence_tooltip(self, row: int) -> str:
        review = self.reading.review
        link = review.current_link(row)
        if link is None:
            return "Nothing left to review in this group: each of its links is yours, or it has none"
        a, b = link.claims
        sure = "no confidence recorded" if link.confidence is None else f"the scorer gives it {confidence_text(link.confidence)}"
        more = len(review.links_to_review(row)) - 1
        return f"Least sure link to review: {a} — {b} ({link.relation.value}), {sure}" + (f"; {more} more to review" if more > 0 else "")


def filters_for(labels: list[str]) -> list[tuple[str, set[State] | None, int | None]]:
    """The table's filter choices: by relation, and "only in <account>" for each account."""
    out: list[tuple[str, set[State] | None, int | None]] = [(name, states, None) for name, states in FILTERS]
    omitted = {State.OMITTED, State.RELATED}
    out.extend((f"Only in {label} (left out by the others)", omitted, k) for k, label in enumerate(labels))
    return out


class GroupFilter(QSortFilterProxyModel):
    """Keeps the groups whose relation is one of the chosen states (all when none are chosen),
    optionally only those with claims in one account."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.states: set[State] | None = None
        self.account: int | None = None
        self.groups: frozenset[int] | None = None  # only these groups (those to review), or all
        self.found: frozenset[int] | None = None  # only the groups the find bar found, or all
        self.setSortRole(SORT_ROLE)

    def _change(self, **what) -> None:
        if all(getattr(self, name) == value for name, value in what.items()):
            return  # the same filter: going through every row of a long comparison again would change nothing
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateFilter is deprecated
            self.beginFilterChange()
            for name, value in what.items():
                setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            for name, value in what.items():
                setattr(self, name, value)
            self.invalidateFilter()

    def set_states(self, states: set[State] | None, account: int | None = None, groups=None) -> None:
        self._change(states=states, account=account, groups=None if groups is None else frozenset(groups))

    def set_found(self, groups) -> None:
        """Only the groups with a claim the find bar found (None: every group)."""
        self._change(found=None if groups is None else frozenset(groups))

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802
        if self.groups is None and self.found is None and self.states is None and self.account is None:
            return True  # every group: asked once per row whenever the table is filled
        if self.groups is not None and row not in self.groups:
            return False
        if self.found is not None and row not in self.found:
            return False
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        if self.states is not None and model.data(index, STATE_ROLE) not in self.states:
            return False
        return self.account is None or self.account in model.data(index, ACCOUNTS_ROLE)
