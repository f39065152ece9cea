"""The analyst's judgements as the window shows them: cues on claims, and the list of judgements.

``JudgedReading`` is the window's ``Reading`` of a stored event: the comparison with the
analyst's links applied, and each claim's caption carrying its cues — ✓ reviewed, ⚑ its tags,
✎ its note — so that what the analyst has already looked at stands out in the panes. It is built
on the database worker (no Qt in the class itself).

``JudgementsPanel`` lists the open event's judgements and annotations, and, in a section of its
own, the orphaned ones: those whose claims no longer exist after a re-alignment, kept with the
text they were made on so the analyst can make them again.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMenu,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...store import judgements as jm
from ...store.repository import StoredEvent
from ...core.plural import counted
from ...core.reading import Reading

# Tags an analyst reaches for most often; any other text is accepted too.
TAGS = (
    "omission — significant",
    "omission — minor",
    "conflict — substantive",
    "commitment softened",
    "framing",
    "tone",
    "follow up",
)
REVIEWED_MARK, TAG_MARK, NOTE_MARK = "✓", "⚑", "✎"
WHAT_ROLE = Qt.ItemDataRole.UserRole + 1  # ("judgement" | "annotation", id) of a row of the list
COLUMNS = ("Judgement", "Claims", "By", "When")
WHAT, CLAIMS, BY, WHEN = range(len(COLUMNS))
WIDEST_WHAT = 0.4  # of the list's width: the judgement column never pushes the claims out of view


class JudgedReading(Reading):
    """A stored event's reading: the analyst's links applied, cues in every claim's caption."""

    def __init__(self, stored: StoredEvent):
        self.stored = stored
        self.engine = stored.engine  # what the review counts against (core.review)
        self.reviewed_claims: set[str] = {c for g in stored.reviewed for c in g.claims}
        self.annotations_of: dict[str, list[jm.Annotation]] = {}
        for annotation in stored.annotations:
            for cid in annotation.claims:
                self.annotations_of.setdefault(cid, []).append(annotation)
        super().__init__(stored.comparison)

    @property
    def event_id(self) -> int:
        return self.stored.id

    def marks(self, claim_id: str) -> list[str]:
        """The claim's cues, shortest first: reviewed, tags, then the start of each note."""
        out = [f"{REVIEWED_MARK} reviewed"] if claim_id in self.reviewed_claims else []
        annotations = self.annotations_of.get(claim_id, ())
        out += [f"{TAG_MARK} {a.tag}" for a in annotations if a.tag]
        out += [f"{NOTE_MARK} {a.note.strip().splitlines()[0]}" for a in annotations if a.note.strip()]
        return out

    def _caption(self, claim_id: str) -> str:
        marks = self.marks(claim_id)
        base = super()._caption(claim_id)
        return " · ".join(marks + [base]) if marks else base

    def margin_marks(self, claim_id: str) -> str:
        """One character per kind of judgement, for the pane's margin: ✓ reviewed, ⚑ tagged, ✎ noted."""
        annotations = self.annotations_of.get(claim_id, ())
        return (
            (REVIEWED_MARK if claim_id in self.reviewed_claims else "")
            + (TAG_MARK if any(a.tag for a in annotations) else "")
            + (NOTE_MARK if any(a.note.strip() for a in annotations) else "")
        )

    def group_marks(self, group: int) -> list[str]:
        """The group's judgements for the claims table: reviewed, then the tags on its claims."""
        claims = self.groups[group].claims
        out = [f"{REVIEWED_MARK} reviewed"] if all(c in self.reviewed_claims for c in claims) else []
        tags: list[str] = []
        for cid in claims:
            tags += [a.tag for a in self.annotations_of.get(cid, ()) if a.tag and a.tag not in tags]
        notes = any(a.note.strip() for cid in claims for a in self.annotations_of.get(cid, ()))
        return out + [f"{TAG_MARK} {t}" for t in tags] + ([f"{NOTE_MARK} note"] if notes else [])

    def is_reviewed(self, claim_id: str) -> bool:
        return claim_id in self.reviewed_claims


def describe_annotation(annotation: jm.Annotation) -> str:
    what = " — ".join(x for x in (annotation.tag and f"{TAG_MARK} {annotation.tag}", annotation.note.strip() and f"{NOTE_MARK} {annotation.note.strip()}") if x)
    return what


def judgement_summary(n_judgements: int, n_tags: int, n_notes: int) -> str:
    """"2 judgements, 1 tag and 3 notes": each count with its own noun, the empty ones left out."""
    parts = [counted(n, noun) for n, noun in ((n_judgements, "judgement"), (n_tags, "tag"), (n_notes, "note")) if n]
    if not parts:
        return "No judgements yet"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def claims_text(reading: Reading, claims) -> str:
    """Each claim on a line of its own: its id, its account and its text (what the judgement is about)."""
    comparison = reading.comparison
    lines = []
    for cid in claims:
        try:
            claim = comparison.claim(cid)
        except KeyError:
            lines.append(cid)
            continue
        lines.append(f"{cid} ({comparison.accounts[claim.account].label}): {claim.text.strip()}")
    return "\n".join(lines)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the width of its column (Qt measures one line, then
    elides what does not fit)."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return hint
        width = self.tree.columnWidth(index.column()) - 12  # the cell's margins
        if index.column() == 0:
            width -= self.tree.indentation() * 2  # the tree's indentation takes from the first column
        if width <= 0:
            return hint
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, str(text))
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class JudgementsPanel(QWidget):
    """The open event's judgements, with the orphaned ones in a section of their own."""

    claimActivated = Signal(str)
    removeRequested = Signal(str, int)  # "judgement" or "annotation", its id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel("No event from the library is open.")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(True)
        # Claim texts are long: they wrap inside their column instead of running under the next one.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CLAIMS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        # rows are measured at the width of their columns: measure again when a column changes width
        header.sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        self.tree.setAccessibleName("The analyst's judgements on this event")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.orphans: QTreeWidgetItem | None = None

    def show_event(self, reading: JudgedReading | None) -> None:
        self.tree.clear()
        self.orphans = None
        if reading is None:
            self.summary.setText("No event from the library is open: judgements are kept for stored events (File ▸ Save to library).")
            return
        stored = reading.stored
        made = QTreeWidgetItem(self.tree, ["Made on this event", ""])
        made.setFirstColumnSpanned(True)
        counts = [0, 0, 0]  # judgements, tags, notes
        for judgement in stored.judgements:
            if not judgement.orphaned:
                counts[0] += 1
                self._item(made, judgement.describe(), judgement.claims, judgement.author, judgement.created, ("judgement", judgement.id), reading)
        for annotation in stored.annotations:
            if not annotation.orphaned:
                counts[1] += bool(annotation.tag)
                counts[2] += bool(annotation.note.strip())
                self._item(made, describe_annotation(annotation), annotation.claims, annotation.author,
                           annotation.changed or annotation.created, ("annotation", annotation.id), reading)
        made.setExpanded(True)
        orphaned = stored.orphaned
        if orphaned:
            self.orphans = QTreeWidgetItem(self.tree, [f"Orphaned — their claims are gone since re-alignment ({len(orphaned)})", ""])
            self.orphans.setFirstColumnSpanned(True)
            self.orphans.setForeground(0, QBrush(Qt.GlobalColor.darkRed))
            for item in orphaned:
                what = item.describe() if isinstance(item, jm.Judgement) else describe_annotation(item)
                kind = "judgement" if isinstance(item, jm.Judgement) else "annotation"
                when = getattr(item, "changed", None) or item.created
                child = self._item(self.orphans, what, (), item.author, when, (kind, item.id))
                child.setText(CLAIMS, " / ".join(a.text.strip() for a in item.anchors))
                child.setToolTip(CLAIMS, "\n".join(f"was {a.key}: {a.text.strip()}" for a in item.anchors))
            self.orphans.setExpanded(True)
        self.summary.setText(
            f"{judgement_summary(*counts)} on “{stored.title}”"
            + (f"; <b>{len(orphaned)} orphaned</b>" if orphaned else "")
        )
        self._size_columns()

    def _size_columns(self) -> None:
        """The judgement column as wide as its longest entry, up to WIDEST_WHAT of the list; the
        claims take the rest and wrap; who and when fit their contents."""
        self.tree.resizeColumnToContents(WHAT)
        widest = int(max(self.tree.viewport().width(), 400) * WIDEST_WHAT)
        self.tree.setColumnWidth(WHAT, min(self.tree.columnWidth(WHAT), widest))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._size_columns()

    def _item(self, parent: QTreeWidgetItem, text: str, claims, author: str = "", when=None, what=None,
              reading: Reading | None = None) -> QTreeWidgetItem:
        about = claims_text(reading, claims) if reading is not None else " + ".join(claims)
        stamp = f"{when:%Y-%m-%d %H:%M}" if when else ""
        item = QTreeWidgetItem(parent, [text, about, author, stamp])
        item.setData(0, Qt.ItemDataRole.UserRole, tuple(claims))
        item.setData(0, WHAT_ROLE, what)
        by = " · ".join(x for x in (author and f"by {author}", stamp) if x)
        item.setToolTip(WHAT, text + (f"\n{by}" if by else ""))
        item.setToolTip(CLAIMS, about)
        for column in range(len(COLUMNS)):  # a wrapped row reads from its top line
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return item

    def orphaned_texts(self) -> list[str]:
        if self.orphans is None:
            return []
        return [self.orphans.child(i).text(0) for i in range(self.orphans.childCount())]

    def made_texts(self) -> list[str]:
        top = self.tree.topLevelItem(0)
        return [top.child(i).text(0) for i in range(top.childCount())] if top else []

    def context_menu(self, item: QTreeWidgetItem) -> QMenu | None:
        what = item.data(0, WHAT_ROLE)
        if not what:
            return None
        menu = QMenu(self)
        menu.addAction("Remove (Edit ▸ Undo brings it back)").triggered.connect(lambda: self.removeRequested.emit(*what))
        return menu

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        menu = self.context_menu(item) if item is not None else None
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        claims = item.data(0, Qt.ItemDataRole.UserRole)
        if claims:
            self.claimActivated.emit(claims[0])

