"""The analyst's splits and merges of claims in the library: stored as judgements, applied when the
event is aligned, kept through re-alignment, orphaned (kept and listed) when an account correction
takes their text away; and a library of the previous version upgraded to hold them."""

import json
import sqlite3

from sqlalchemy import text

from readout_compare.cli import main
from readout_compare.core.compare import compare
from readout_compare.events import correct_account, realign_event
from readout_compare.store import commands
from readout_compare.store import repository as repo
from readout_compare.store.database import Library, _make_engine, _upgrade, open_library

from .accounts import JOURNALISTS

RELEASE = "and asked for their immediate release."


def load(library, event_id):
    with library.read() as s:
        return repo.load_event(s, event_id)


def stored(library, accounts):
    with library.write() as s:
        return repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id


def texts(stored_event, account):
    return [c.text for c in stored_event.comparison.claims[account]]


def split_journalists(library, event_id):
    claim = next(c for c in load(library, event_id).comparison.claims[0] if c.text.startswith(JOURNALISTS))
    with library.write() as s:
        repo.split_claim(s, event_id, claim.id, claim.text.index(RELEASE), author="ana")
    realign_event(library, event_id)
    return claim.id


def test_a_split_is_stored_applied_at_re_alignment_and_kept_through_the_next(library, accounts):
    event = stored(library, accounts)
    before = texts(load(library, event), 0)
    assert JOURNALISTS + " " + RELEASE in before
    key = split_journalists(library, event)
    after = load(library, event)
    whole = before.index(JOURNALISTS + " " + RELEASE)
    assert texts(after, 0) == before[:whole] + [JOURNALISTS, RELEASE] + before[whole + 1:]
    [split] = after.judgements
    assert split.kind == "split" and split.author == "ana" and not split.orphaned
    assert split.describe() == f"split {key} after “journalists”"
    assert len(split.claims) == 2 and after.comparison.claim(split.claims[1]).text == RELEASE
    realign_event(library, event)  # the engine again, from scratch: the analyst's claims stay
    assert texts(load(library, event), 0) == texts(after, 0)


def test_a_merge_joins_a_claim_and_the_next_and_survives_re_alignment(library, accounts):
    event = stored(library, accounts)
    b = load(library, event).comparison.claims[1]
    with library.write() as s:
        repo.merge_claims(s, event, b[1].id, b[2].id)
    realign_event(library, event)
    after = load(library, event)
    assert len(after.comparison.claims[1]) == len(b) - 1
    merged = after.comparison.claims[1][1]
    assert merged.text.startswith(b[1].text) and merged.text.endswith(b[2].text)
    [merge] = after.judgements
    assert merge.describe() == f"merged {b[1].id} + {b[2].id}" and merge.claims == (merged.id,) and not merge.orphaned
    realign_event(library, event)
    assert [c.text for c in load(library, event).comparison.claims[1]] == [c.text for c in after.comparison.claims[1]]


def test_a_split_whose_text_a_correction_removed_is_orphaned_and_listed(library, accounts):
    event = stored(library, accounts)
    split_journalists(library, event)
    corrected = load(library, event).engine.accounts[0].text.replace(RELEASE, "and demanded that they be freed.")
    correct_account(library, event, 0, corrected)
    after = load(library, event)
    assert JOURNALISTS + " and demanded that they be freed." in texts(after, 0)  # whole again: the cut has no place
    [split] = after.judgements
    assert split.orphaned and split in after.orphaned
    assert [a.text for a in split.anchors] == [JOURNALISTS, RELEASE]  # kept with the text it was made on


def test_undoing_a_split_puts_the_claim_back_whole_and_redo_cuts_it_again(library, accounts):
    event = stored(library, accounts)
    claim = next(c for c in load(library, event).comparison.claims[0] if c.text.startswith(JOURNALISTS))
    change = commands.SplitClaim(event, claim.id, claim.text.index(RELEASE))
    assert change.realigns and change.text == f"Split {claim.id}"
    for step in (change.redo, change.undo, change.redo):
        with library.write() as s:
            step(s)
        realign_event(library, event)
        assert (RELEASE in texts(load(library, event), 0)) == (step == change.redo)
    removal = commands.RemoveJudgement(event, change._made.id)
    with library.write() as s:
        removal.redo(s)
    assert removal.realigns  # removing a split from the Judgements dock aligns the event again too


def test_show_json_lists_the_analysts_claim_boundaries(library_file, accounts, capsys):
    url = f"sqlite:///{library_file}"
    library = open_library(url, seed=False)
    event = stored(library, accounts)
    key = split_journalists(library, event)
    library.close()
    assert main(["--db", url, "show", str(event), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [boundary] = data["claim_boundaries"]
    assert boundary["kind"] == "split" and boundary["description"] == f"split {key} after “journalists”"
    assert boundary["anchored_text"] == [JOURNALISTS, RELEASE] and not boundary["orphaned"]
    assert RELEASE in [c["text"] for c in data["accounts"][0]["claims"]]
    assert main(["--db", url, "show", str(event)]) == 0
    assert f"split {key} after “journalists”" in capsys.readouterr().out


def test_a_library_of_the_previous_version_is_backed_up_and_upgraded_keeping_its_judgements(library_file, accounts):
    url = f"sqlite:///{library_file}"
    engine = _make_engine(url, 5)
    _upgrade(engine, "0003")  # the schema before claim boundaries
    old = Library(engine, url, library_file)
    event = stored(old, accounts)
    with old.write() as s:
        repo.link_claims(s, event, "A3", "B3", "conflict", author="ana")
        repo.annotate(s, event, ["A3"], tag="framing")
    with engine.begin() as conn:  # the old schema refuses a split
        assert conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'judgements'")).scalar().count("split") == 0
    engine.dispose()

    library = open_library(url, seed=False)
    try:
        assert library.backup is not None and "0003" in library.backup.name
        backup = sqlite3.connect(library.backup)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        assert backup.execute("SELECT kind FROM judgements").fetchall() == [("link",)]
        backup.close()
        upgraded = load(library, event)
        [link] = upgraded.judgements  # the rebuilt table kept the judgement and its anchors
        assert link.kind == "link" and link.claims == ("A3", "B3") and not link.orphaned
        assert [a.tag for a in upgraded.annotations] == ["framing"]
        split_journalists(library, event)
        assert RELEASE in texts(load(library, event), 0)
        assert [j.kind for j in load(library, event).judgements] == ["link", "split"]
    finally:
        library.close()


def test_a_postgresql_library_of_the_previous_version_is_upgraded_in_place(pg_url, accounts):
    engine = _make_engine(pg_url, 5)
    _upgrade(engine, "0003")
    old = Library(engine, pg_url, None)
    event = stored(old, accounts)
    with old.write() as s:
        repo.link_claims(s, event, "A3", "B3", "conflict")
    engine.dispose()
    library = open_library(pg_url, seed=False)
    try:
        assert [j.kind for j in load(library, event).judgements] == ["link"]
        split_journalists(library, event)
        assert RELEASE in texts(load(library, event), 0)
    finally:
        library.close()
