"""The analyst's judgements: applied when an event is loaded, kept through re-alignment, never lost."""

import pytest
from .accounts import FISHERIES_A, JOURNALISTS, TRADE_LAW

from readout_compare.core.compare import compare
from readout_compare.core.model import Relation
from readout_compare.events import correct_account, realign_event
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library
from readout_compare.store.errors import ConcurrentEditError, LibraryError


def claim_saying(comparison, text):
    return next(c for c in comparison.all_claims() if c.text.startswith(text))


@pytest.fixture
def event(library, accounts):
    with library.write() as s:
        return repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id


def load(library, event_id):
    with library.read() as s:
        return repo.load_event(s, event_id)


def test_stored_event_loads_back_as_the_engines_comparison(library, accounts, event):
    from readout_compare.core.compare import compare

    fresh = compare(accounts)
    stored = load(library, event)
    assert stored.title == "Berg–Vale call" and stored.date == "2024-03-05"
    assert stored.comparison.accounts == fresh.accounts
    assert stored.comparison.claims == fresh.claims
    assert stored.comparison.links == fresh.links
    assert [g.claims for g in stored.comparison.groups] == [g.claims for g in fresh.groups]


def test_link_unlink_relation_and_review_change_what_the_analyst_sees(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    trade = claim_saying(stored.comparison, TRADE_LAW)
    fisheries = claim_saying(stored.comparison, FISHERIES_A)
    assert journalists in stored.comparison.omissions(0)
    [fisheries_b] = stored.comparison.counterparts(fisheries.id)

    with library.write() as s:
        v = repo.link_claims(s, event, journalists.id, trade.id, "conflict", author="ana", expected_version=stored.version).version
        v = repo.set_relation(s, event, fisheries.id, fisheries_b.id, "related", expected_version=v).version
        v = repo.mark_reviewed(s, event, [journalists.id, trade.id], expected_version=v).version
    after = load(library, event)
    link = after.comparison.link_between(journalists.id, trade.id)
    assert link.relation is Relation.CONFLICT and link.by_analyst
    assert journalists not in after.comparison.omissions(0)  # the analyst gave it a counterpart
    assert link in after.comparison.conflicts()
    assert after.comparison.link_between(fisheries.id, fisheries_b.id).relation is Relation.RELATED
    assert fisheries in after.comparison.omissions(0)  # related is not a counterpart
    assert [g.claims for g in after.reviewed] == [(journalists.id, trade.id)]
    assert after.version == v

    with library.write() as s:
        repo.unlink_claims(s, event, journalists.id, trade.id, expected_version=v)
        repo.mark_reviewed(s, event, [journalists.id], reviewed=False)
    undone = load(library, event)
    assert undone.comparison.link_between(journalists.id, trade.id) is None
    assert journalists in undone.comparison.omissions(0)
    assert undone.reviewed == []


def test_annotations_on_a_claim_and_a_group(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    group = stored.comparison.groups[0]
    with library.write() as s:
        first = repo.annotate(s, event, [journalists.id], tag="omission — significant", note="Southmark is silent on the detention", author="ana")
        repo.annotate(s, event, list(group.claims), tag="framing", note="who asked for the call")
        repo.edit_annotation(s, first.id, note="Southmark says nothing of the journalists")
    after = load(library, event)
    [note] = after.annotations_of([journalists.id])
    assert (note.tag, note.note, note.author) == ("omission — significant", "Southmark says nothing of the journalists", "ana")
    assert note.created.tzinfo is not None and note.changed >= note.created  # the same times on every database
    assert [a.tag for a in after.annotations_of(group.claims)] == ["framing"]
    with library.write() as s:
        repo.remove_annotation(s, first.id)
    assert [a.tag for a in load(library, event).annotations] == ["framing"]


def test_judgements_follow_their_claims_when_an_edit_shifts_every_claim(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    trade = claim_saying(stored.comparison, TRADE_LAW)
    with library.write() as s:
        repo.link_claims(s, event, journalists.id, trade.id, "conflict")
        repo.annotate(s, event, [journalists.id], tag="omission — significant")
    # A new opening sentence: every claim of account A moves down one place and changes its id.
    text = "The call lasted forty minutes.\n\n" + stored.engine.accounts[0].text
    correct_account(library, event, 0, text)
    after = load(library, event)
    moved = claim_saying(after.comparison, JOURNALISTS)
    assert moved.id != journalists.id
    link = after.comparison.link_between(moved.id, claim_saying(after.comparison, TRADE_LAW).id)
    assert link is not None and link.relation is Relation.CONFLICT and link.by_analyst
    assert [a.claims for a in after.annotations] == [(moved.id,)]
    assert after.orphaned == []


def test_judgements_survive_running_the_engine_again(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    trade = claim_saying(stored.comparison, TRADE_LAW)
    with library.write() as s:
        repo.link_claims(s, event, journalists.id, trade.id, "related")
    realign_event(library, event)
    link = load(library, event).comparison.link_between(journalists.id, trade.id)
    assert link.relation is Relation.RELATED and link.by_analyst


def test_a_judgement_whose_claim_is_gone_is_kept_and_listed_as_orphaned(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    trade = claim_saying(stored.comparison, TRADE_LAW)
    with library.write() as s:
        repo.link_claims(s, event, journalists.id, trade.id, "conflict")
        repo.annotate(s, event, [journalists.id], note="ask the desk about the journalists")
    text = stored.engine.accounts[0].text.replace(
        "Minister Berg raised the detention of two Norland journalists and asked for their immediate release.", ""
    )
    correct_account(library, event, 0, text)
    after = load(library, event)
    assert not any(c.text.startswith(JOURNALISTS) for c in after.comparison.all_claims())
    assert not any(link.by_analyst for link in after.comparison.links)  # never applied to another claim
    orphans = after.orphaned
    assert len(orphans) == 2
    assert all(JOURNALISTS in " ".join(a.text for a in o.anchors) for o in orphans)
    assert any(getattr(o, "note", "") == "ask the desk about the journalists" for o in orphans)
    # Putting the sentence back brings the judgements back to life.
    correct_account(library, event, 0, stored.engine.accounts[0].text)
    restored = load(library, event)
    assert restored.orphaned == []
    assert restored.comparison.link_between(journalists.id, trade.id).relation is Relation.CONFLICT


def test_a_stale_write_is_refused_with_a_reload_message(library, event):
    stored = load(library, event)
    journalists = claim_saying(stored.comparison, JOURNALISTS)
    with library.write() as s:
        repo.annotate(s, event, [journalists.id], tag="first", expected_version=stored.version)
    with pytest.raises(ConcurrentEditError, match="changed by someone else — reload"):
        with library.write() as s:
            repo.annotate(s, event, [journalists.id], tag="second", expected_version=stored.version)
    assert [a.tag for a in load(library, event).annotations] == ["first"]  # the first edit stands


def test_two_windows_on_one_library_do_not_overwrite_each_other(shared_url, accounts):
    window_1 = open_library(shared_url, seed=False)
    window_2 = open_library(shared_url, seed=False)
    try:
        with window_1.write() as s:
            event = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
        seen_1, seen_2 = load(window_1, event), load(window_2, event)
        assert seen_1.version == seen_2.version
        with window_2.write() as s:
            repo.update_event(s, event, title="Berg–Vale call (window 2)", expected_version=seen_2.version)
        with pytest.raises(ConcurrentEditError):
            with window_1.write() as s:
                repo.update_event(s, event, title="Berg–Vale call (window 1)", expected_version=seen_1.version)
        assert load(window_1, event).title == "Berg–Vale call (window 2)"
    finally:
        window_1.close()
        window_2.close()


def test_bad_judgements_are_refused_with_a_message(library, event):
    stored = load(library, event)
    a1, a2 = stored.comparison.claims[0][:2]
    with pytest.raises(LibraryError, match="different accounts"):
        with library.write() as s:
            repo.link_claims(s, event, a1.id, a2.id)
    with pytest.raises(LibraryError, match="no claim Z9"):
        with library.write() as s:
            repo.link_claims(s, event, a1.id, "Z9")
    assert load(library, event).judgements == ()


def test_search_finds_titles_sources_and_full_text(library, accounts):
    with library.write() as s:
        first = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
        second = repo.create_event(s, "Élysée briefing", list(reversed(accounts)), compare(list(reversed(accounts))), notes="").id
    with library.read() as s:
        assert [e.id for e in repo.search_events(s, "berg-vale")] == []
        assert {e.id for e in repo.search_events(s, "journalists")} == {first, second}
        assert [e.id for e in repo.search_events(s, "élysée")] == [second]  # case folded beyond ASCII
        assert {e.id for e in repo.search_events(s, "Southmark Foreign Ministry")} == {first, second}
        assert repo.search_events(s, "journalists parliament") == []
        assert repo.search_events(s, "100%") == []
        listed = repo.list_events(s)
    assert {e.title for e in listed} == {"Berg–Vale call", "Élysée briefing"}
    assert listed[0].accounts in (("Norland MFA", "Southmark MFA"), ("Southmark MFA", "Norland MFA"))


def test_deleting_an_event_takes_everything_of_it_and_nothing_else(library, accounts):
    with library.write() as s:
        keep = repo.create_event(s, "keep", accounts, compare(accounts)).id
        gone = repo.create_event(s, "gone", accounts, compare(accounts)).id
        c = repo.load_event(s, gone).comparison
        repo.annotate(s, gone, [c.claims[0][0].id], tag="x")
        repo.link_claims(s, gone, c.claims[0][0].id, c.claims[1][2].id)
    with library.write() as s:
        repo.delete_event(s, gone)
    with library.read() as s:
        assert [e.id for e in repo.list_events(s)] == [keep]
        from sqlalchemy import func, select

        from readout_compare.store.models import Anchor, Annotation, Claim, Judgement

        assert s.scalar(select(func.count()).select_from(Annotation)) == 0
        assert s.scalar(select(func.count()).select_from(Judgement)) == 0
        assert s.scalar(select(func.count()).select_from(Anchor)) == 0
        assert s.scalar(select(func.count()).select_from(Claim)) == sum(len(x) for x in repo.load_event(s, keep).comparison.claims)


def test_same_text_imported_twice_is_reported(library, accounts):
    with library.write() as s:
        first = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
        dups = repo.duplicates(s, accounts)
    assert [(d.label, d.event_id) for d in dups] == [("Norland MFA", first), ("Southmark MFA", first)]


def test_the_analysts_glossary_is_kept_and_read_by_the_matcher(library):
    from readout_compare.core.terms import default_vocabulary

    with library.write() as s:
        repo.save_glossary(s, [["Norland", "Kingdom of Norland", " "], [""], ["Southmark", "the southern republic"]])
    with library.read() as s:
        assert repo.glossary(s) == [["Norland", "Kingdom of Norland"], ["Southmark", "the southern republic"]]
        text = repo.glossary_text(s)
    vocabulary = default_vocabulary(extra_glossary=text)
    assert vocabulary.analyse("the Kingdom of Norland").tokens == vocabulary.analyse("Norland").tokens


def test_two_sessions_saving_the_glossary_never_lose_the_first_ones_groups(shared_url):
    """The issue's case: two analysts add different groups at once. The first save wins; the
    second, made on top of the version it read, is refused and writes nothing."""
    from readout_compare.store.database import open_library
    from readout_compare.store.errors import ConcurrentEditError

    first, second = open_library(shared_url, seed=False), open_library(shared_url, seed=False)
    try:
        with first.read() as s:
            seen_by_first = repo.glossary_version(s)
        with second.read() as s:
            seen_by_second = repo.glossary_version(s)
        with first.write() as s:
            repo.save_glossary(s, [["Astana format", "Astana process"]], expected_version=seen_by_first)
        with pytest.raises(ConcurrentEditError, match="glossary was changed by someone else"):
            with second.write() as s:
                repo.save_glossary(s, [["Kiev", "Kyiv"]], expected_version=seen_by_second)
        with second.read() as s:
            assert repo.glossary(s) == [["Astana format", "Astana process"]]
            again = repo.glossary_version(s)
        with second.write() as s:  # read again, add theirs: both kept
            repo.save_glossary(s, [["Astana format", "Astana process"], ["Kiev", "Kyiv"]], expected_version=again)
        with first.read() as s:
            assert repo.glossary(s) == [["Astana format", "Astana process"], ["Kiev", "Kyiv"]]
    finally:
        first.close()
        second.close()
