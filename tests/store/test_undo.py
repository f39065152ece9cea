"""Undo and redo of every judgement: the do/undo pairs the window puts on its QUndoStack."""

import pytest
from .accounts import JOURNALISTS, TRADE_LAW

from readout_compare.core.compare import compare
from readout_compare.core.model import Relation
from readout_compare.store import commands
from readout_compare.store import repository as repo
from readout_compare.store.errors import ConcurrentEditError


class Stack:
    """What the window does: run each step in one transaction, carrying the event's version along."""

    def __init__(self, library, version):
        self.library, self.version, self.done, self.undone = library, version, [], []

    def push(self, change):
        self._run(change.redo)
        self.done.append(change)
        self.undone.clear()

    def undo(self):
        change = self.done.pop()
        self._run(change.undo)
        self.undone.append(change)

    def redo(self):
        change = self.undone.pop()
        self._run(change.redo)
        self.done.append(change)

    def _run(self, step):
        with self.library.write() as s:
            saved = step(s, self.version)
        self.version = saved.version or self.version


@pytest.fixture
def event(library, accounts):
    with library.write() as s:
        saved = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts))
        c = repo.load_event(s, saved.id).comparison
    journalists = next(x for x in c.all_claims() if x.text.startswith(JOURNALISTS))
    trade = next(x for x in c.all_claims() if x.text.startswith(TRADE_LAW))
    return saved, journalists.id, trade.id


def load(library, event_id):
    with library.read() as s:
        return repo.load_event(s, event_id)


def test_undo_and_redo_a_link_and_a_review_mark(library, event):
    saved, journalists, trade = event
    stack = Stack(library, saved.version)
    stack.push(commands.link(saved.id, journalists, trade, "conflict"))
    stack.push(commands.mark_reviewed(saved.id, [journalists, trade]))
    assert stack.done[0].text == f"Link {journalists} and {trade} (conflict)"
    after = load(library, saved.id)
    assert after.comparison.link_between(journalists, trade).relation is Relation.CONFLICT and after.reviewed

    stack.undo()
    assert load(library, saved.id).reviewed == []
    stack.undo()
    assert load(library, saved.id).comparison.link_between(journalists, trade) is None
    stack.redo()
    stack.redo()
    again = load(library, saved.id)
    assert again.comparison.link_between(journalists, trade).relation is Relation.CONFLICT
    assert [g.claims for g in again.reviewed] == [(journalists, trade)]


def test_undo_an_unlink_brings_the_engines_link_back(library, event):
    saved, *_ = event
    engine_link = load(library, saved.id).comparison.links[0]
    stack = Stack(library, saved.version)
    stack.push(commands.unlink(saved.id, *engine_link.claims))
    assert load(library, saved.id).comparison.link_between(*engine_link.claims) is None
    stack.undo()
    assert load(library, saved.id).comparison.link_between(*engine_link.claims) == engine_link


def test_undo_and_redo_annotations_keep_their_identity(library, event):
    saved, journalists, _ = event
    stack = Stack(library, saved.version)
    stack.push(commands.Annotate(saved.id, [journalists], tag="omission — significant", note="first thoughts"))
    note_id = load(library, saved.id).annotations[0].id
    stack.push(commands.EditAnnotation(note_id, note="second thoughts"))
    stack.push(commands.RemoveAnnotation(saved.id, note_id))
    assert load(library, saved.id).annotations == ()
    stack.undo()  # removal undone
    assert [a.note for a in load(library, saved.id).annotations] == ["second thoughts"]
    stack.undo()  # edit undone
    assert [a.note for a in load(library, saved.id).annotations] == ["first thoughts"]
    stack.undo()  # annotation undone
    assert load(library, saved.id).annotations == ()
    stack.redo()
    stack.redo()  # the edit still finds the annotation: it came back under its id
    [note] = load(library, saved.id).annotations
    assert (note.id, note.note, note.claims) == (note_id, "second thoughts", (journalists,))


def test_undo_rename_and_delete_of_an_event(library, event):
    saved, journalists, trade = event
    stack = Stack(library, saved.version)
    stack.push(commands.link(saved.id, journalists, trade, "conflict"))
    stack.push(commands.Annotate(saved.id, [journalists], tag="omission — significant"))
    stack.push(commands.RenameEvent(saved.id, "Berg–Vale call, March"))
    before = load(library, saved.id)
    stack.push(commands.DeleteEvent(saved.id))
    with library.read() as s:
        assert repo.list_events(s) == []
    stack.undo()
    back = load(library, saved.id)
    assert back.title == "Berg–Vale call, March"
    assert back.comparison == before.comparison
    assert [(a.tag, a.claims) for a in back.annotations] == [(a.tag, a.claims) for a in before.annotations]
    stack.version = back.version
    stack.undo()  # the rename
    assert load(library, saved.id).title == "Berg–Vale call"


def test_a_step_on_a_stale_view_is_refused(library, event):
    saved, journalists, trade = event
    stack = Stack(library, saved.version)
    with library.write() as s:  # another window changes the event
        repo.update_event(s, saved.id, notes="checked by the desk")
    with pytest.raises(ConcurrentEditError):
        stack.push(commands.link(saved.id, journalists, trade, "conflict"))
    assert load(library, saved.id).judgements == ()
