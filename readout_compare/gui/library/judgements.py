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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...store import judgements as jm
from ...store.repository import StoredEvent
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


class JudgementsPanel(QWidget):
    """The open event's judgements, with the orphaned ones in a section of their own."""

    claimActivated = Signal(str)
    removeRequested = Signal(str, int)  # "judgement" or "annotation", its id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel("No event from the library is open.")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Judgement", "Claims"])
        self.tree.setRootIsDecorated(True)
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
        for judgement in stored.judgements:
            if not judgement.orphaned:
                self._item(made, judgement.describe(), judgement.claims, judgement.author, judgement.created, ("judgement", judgement.id))
        for annotation in stored.annotations:
            if not annotation.orphaned:
                self._item(made, describe_annotation(annotation), annotation.claims, annotation.author,
                           annotation.changed or annotation.created, ("annotation", annotation.id))
        made.setExpanded(True)
        orphaned = stored.orphaned
        if orphaned:
            self.orphans = QTreeWidgetItem(self.tree, [f"Orphaned — their claims are gone since re-alignment ({len(orphaned)})", ""])
            self.orphans.setFirstColumnSpanned(True)
            self.orphans.setForeground(0, QBrush(Qt.GlobalColor.darkRed))
            for item in orphaned:
                what = item.describe() if isinstance(item, jm.Judgement) else describe_annotation(item)
                kind = "judgement" if isinstance(item, jm.Judgement) else "annotation"
                child = self._item(self.orphans, what, (), item.author, None, (kind, item.id))
                child.setText(1, " / ".join(a.text.strip() for a in item.anchors))
                child.setToolTip(1, "\n".join(f"was {a.key}: {a.text.strip()}" for a in item.anchors))
            self.orphans.setExpanded(True)
        n = made.childCount()
        self.summary.setText(
            f"{n} judgement{'s' if n != 1 else ''} and note{'s' if n != 1 else ''} on “{stored.title}”"
            + (f"; <b>{len(orphaned)} orphaned</b>" if orphaned else "")
        )
        self.tree.resizeColumnToContents(0)

    def _item(self, parent: QTreeWidgetItem, text: str, claims, author: str = "", when=None, what=None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text, " + ".join(claims)])
        item.setData(0, Qt.ItemDataRole.UserRole, tuple(claims))
        item.setData(0, WHAT_ROLE, what)
        by = " · ".join(x for x in (author and f"by {author}", when and f"{when:%Y-%m-%d %H:%M}") if x)
        item.setToolTip(0, text + (f"\n{by}" if by else ""))
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

