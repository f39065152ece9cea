"""Undoable library changes: each a ``redo``/``undo`` pair the window wraps in a QUndoCommand.

Pure Python (no Qt). A command does its work through the repository inside the session it is
given, so the window runs ``redo``/``undo`` on its database worker, one transaction each:

    class UndoableChange(QUndoCommand):              # gui/, sketch
        def __init__(self, change, controller):
            super().__init__(change.text)
            self.change, self.controller = change, controller
        def redo(self):
            self.controller.submit(self.change.redo)  # worker: with library.write() as s: change.redo(s, version)
        def undo(self):
            self.controller.submit(self.change.undo)

Each step takes the event's version the window last loaded and returns ``Saved`` with the new
one, so a step made on a stale view fails with ConcurrentEditError rather than overwriting
someone else's change; the window then reloads (and should clear its undo stack for that event).

Removed rows are put back under their old ids (ids are never reused), so a later step that
names a judgement or an annotation still finds it after an undo/redo round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from sqlalchemy.orm import Session

from . import judgements as jm
from . import repository as repo
from .repository import Saved, StoredEvent


class Change:
    """Base: a description for the Edit menu, and the do/undo pair."""

    text: str = ""
    realigns = False  # True: the event is to be aligned again after each step (a split or merge)

    def redo(self, session: Session, version: int | None = None) -> Saved:
        raise NotImplementedError

    def undo(self, session: Session, version: int | None = None) -> Saved:
        raise NotImplementedError


class _Judging(Change):
    """A change that makes one judgement: the first redo makes it (``_make``), a later redo puts
    the same judgement back, undo takes it back."""

    _made = None  # the judgement as made, once it is: what a redo after an undo restores

    def _make(self, session: Session, version: int | None) -> Saved:
        raise NotImplementedError

    def redo(self, session: Session, version: int | None = None) -> Saved:
        if self._made is None:
            saved = self._make(session, version)
            self._made = repo.judgement(session, saved.id)
            return saved
        return repo.restore_judgement(session, self.event_id, self._made, version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.remove_judgement(session, self._made.id, version)


@dataclass
class AddJudgement(_Judging):
    """Link, unlink, change a relation, mark reviewed: undone by taking the judgement back."""

    event_id: int
    kind: str
    claims: Sequence[str]
    value: str = ""
    author: str = ""

    @property
    def text(self) -> str:  # type: ignore[override]
        claims = " and ".join(self.claims)
        if self.kind == jm.UNLINK:
            return f"Unlink {claims}"
        if self.kind == jm.REVIEWED:
            return f"Mark {', '.join(self.claims)} {'reviewed' if self.value == 'yes' else 'not reviewed'}"
        if self.kind == jm.RELATION:
            return f"Make {claims} {self.value}"
        return f"Link {claims} ({self.value})"

    def _make(self, session: Session, version: int | None) -> Saved:
        return repo.add_judgement(session, self.event_id, self.kind, self.claims, self.value, self.author, version)


def link(event_id: int, a: str, b: str, relation: str = "match", author: str = "") -> AddJudgement:
    return AddJudgement(event_id, jm.LINK, (a, b), relation, author)


def unlink(event_id: int, a: str, b: str, author: str = "") -> AddJudgement:
    return AddJudgement(event_id, jm.UNLINK, (a, b), "", author)


def set_relation(event_id: int, a: str, b: str, relation: str, author: str = "") -> AddJudgement:
    return AddJudgement(event_id, jm.RELATION, (a, b), relation, author)


def mark_reviewed(event_id: int, claims: Sequence[str], reviewed: bool = True, author: str = "") -> AddJudgement:
    return AddJudgement(event_id, jm.REVIEWED, tuple(claims), "yes" if reviewed else "no", author)


@dataclass
class SplitClaim(_Judging):
    """Cut a claim in two ``at`` characters into its text; undone by taking the split back.

    ``realigns``: the comparison changes only when the event is aligned again with the analyst's
    boundaries, which the caller does after each step, outside the step's transaction
    (``events.realign_event``; the window's controller on its alignment thread).
    """

    event_id: int
    claim: str
    at: int
    author: str = ""
    realigns = True

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Split {self.claim}"

    def _make(self, session: Session, version: int | None) -> Saved:
        return repo.split_claim(session, self.event_id, self.claim, self.at, self.author, version)


@dataclass
class MergeClaims(_Judging):
    """Join a claim and the next one of its account into one claim; undone by taking the merge back."""

    event_id: int
    first: str
    second: str
    author: str = ""
    realigns = True

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Merge {self.first} and {self.second}"

    def _make(self, session: Session, version: int | None) -> Saved:
        return repo.merge_claims(session, self.event_id, self.first, self.second, self.author, version)


@dataclass
class Annotate(Change):
    event_id: int
    claims: Sequence[str]
    tag: str = ""
    note: str = ""
    author: str = ""
    _made: jm.Annotation | None = field(default=None, init=False, repr=False)

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Annotate {', '.join(self.claims)}" + (f" ({self.tag})" if self.tag else "")

    def redo(self, session: Session, version: int | None = None) -> Saved:
        if self._made is None:
            saved = repo.annotate(session, self.event_id, self.claims, self.tag, self.note, self.author, version)
            self._made = repo.annotation(session, saved.id)
            return saved
        return repo.restore_annotation(session, self.event_id, self._made, version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.remove_annotation(session, self._made.id, version)


@dataclass
class EditAnnotation(Change):
    annotation_id: int
    tag: str | None = None
    note: str | None = None
    _before: jm.Annotation | None = field(default=None, init=False, repr=False)
    text: str = "Edit annotation"

    def redo(self, session: Session, version: int | None = None) -> Saved:
        self._before = repo.annotation(session, self.annotation_id)
        return repo.edit_annotation(session, self.annotation_id, self.tag, self.note, version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.edit_annotation(session, self.annotation_id, self._before.tag, self._before.note, version)


@dataclass
class RemoveAnnotation(Change):
    event_id: int
    annotation_id: int
    _removed: jm.Annotation | None = field(default=None, init=False, repr=False)
    text: str = "Remove annotation"

    def redo(self, session: Session, version: int | None = None) -> Saved:
        self._removed = repo.annotation(session, self.annotation_id)
        return repo.remove_annotation(session, self.annotation_id, version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.restore_annotation(session, self.event_id, self._removed, version)


@dataclass
class RemoveJudgement(Change):
    """Take back a judgement made earlier (an orphaned one the analyst no longer needs, say)."""

    event_id: int
    judgement_id: int
    _removed: jm.Judgement | None = field(default=None, init=False, repr=False)
    text: str = "Remove judgement"

    @property
    def realigns(self) -> bool:  # type: ignore[override]
        # Removing a split or a merge changes the claims: the event is aligned again.
        return self._removed is not None and self._removed.kind in jm.BOUNDARY_KINDS

    def redo(self, session: Session, version: int | None = None) -> Saved:
        self._removed = repo.judgement(session, self.judgement_id)
        return repo.remove_judgement(session, self.judgement_id, version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.restore_judgement(session, self.event_id, self._removed, version)


@dataclass
class RenameEvent(Change):
    event_id: int
    title: str
    _before: str = field(default="", init=False, repr=False)

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Rename event to “{self.title}”"

    def redo(self, session: Session, version: int | None = None) -> Saved:
        self._before = repo.load_event(session, self.event_id).title
        return repo.update_event(session, self.event_id, title=self.title, expected_version=version)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.update_event(session, self.event_id, title=self._before, expected_version=version)


@dataclass
class DeleteEvent(Change):
    """Delete an event; undo puts it back whole (accounts, claims, judgements, annotations, same id)."""

    event_id: int
    _removed: StoredEvent | None = field(default=None, init=False, repr=False)
    text: str = "Delete event"

    def redo(self, session: Session, version: int | None = None) -> Saved:
        self._removed = repo.load_event(session, self.event_id)
        repo.delete_event(session, self.event_id, version)
        return Saved(None, 0)

    def undo(self, session: Session, version: int | None = None) -> Saved:
        return repo.restore_event(session, self._removed)
