"""Removing a judgement (an orphaned one, say) is undoable, and comes back under its id."""

from .accounts import JOURNALISTS, TRADE_LAW

from readout_compare.core.compare import compare
from readout_compare.store import commands
from readout_compare.store import repository as repo


def test_remove_a_judgement_then_undo_and_redo(library, accounts):
    with library.write() as s:
        saved = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts))
        claims = repo.load_event(s, saved.id).comparison.all_claims()
    journalists = next(c.id for c in claims if c.text.startswith(JOURNALISTS))
    trade = next(c.id for c in claims if c.text.startswith(TRADE_LAW))
    with library.write() as s:
        made = repo.link_claims(s, saved.id, journalists, trade, "conflict")
    remove = commands.RemoveJudgement(saved.id, made.id)
    with library.write() as s:
        version = remove.redo(s, made.version).version
    with library.read() as s:
        after = repo.load_event(s, saved.id)
    assert after.judgements == () and after.comparison.link_between(journalists, trade) is None
    with library.write() as s:
        version = remove.undo(s, version).version
    with library.read() as s:
        back = repo.load_event(s, saved.id)
    assert [j.id for j in back.judgements] == [made.id]
    assert back.comparison.link_between(journalists, trade).relation.value == "conflict"
    with library.write() as s:
        remove.redo(s, version)
    with library.read() as s:
        assert repo.load_event(s, saved.id).judgements == ()
