"""Judgements made in the window: link, unlink, change a relation, mark reviewed, tag and note;
each saved in the library, shown with a cue, undone and redone; someone else's change detected;
orphaned judgements listed; the analyst's glossary changing an alignment."""

from __future__ import annotations

from library_window import close_window, lib_window, library_url, open_window, wait_event, wait_step  # noqa: F401
from PySide6.QtGui import QKeySequence

from readout_compare.events import correct_account
from readout_compare.gui.library.glossary_dialog import GlossaryDialog
from readout_compare.core.reading import State
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library


def action(menu, *path):
    """The action at ``path`` (menu titles, then the action's text) in a context menu."""
    *subs, text = path
    for title in subs:
        menu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == title)
    found = [a for a in menu.actions() if a.text() == text]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def omitted(window, account: int) -> str:
    reading = window.reading
    return next(c.id for c in reading.comparison.claims[account] if reading.state(c.id) is State.OMITTED)


def pane_of(window, claim_id: str):
    return window.view.panes[window.reading.comparison.claim(claim_id).account].view


def test_linking_two_claims_by_hand_is_saved_shown_undone_and_redone(qtbot, library_url):
    window = open_window(qtbot, library_url)
    front = window.library
    a, b = omitted(window, 0), omitted(window, 1)
    window.view.panes[1].view.claimClicked.emit(b)  # the analyst clicks one claim, then right-clicks the other
    menu = front.claim_menu(a)
    wait_step(qtbot, window, action(menu, f"Link {a} with {b}", "as match").trigger)
    reading = window.reading
    assert reading.group_of(a) == reading.group_of(b) and reading.state(a) is not State.OMITTED
    assert f"{b}" in pane_of(window, a).caption_of(a) and "only in" not in pane_of(window, a).caption_of(a)
    assert f"match {a} + {b}" in front.panel.made_texts()
    assert any(ln.by_analyst for ln in reading.comparison.links_of(a))
    # Edit ▸ Undo (Ctrl+Z) takes it back; Redo (Ctrl+Shift+Z) puts it back
    assert QKeySequence("Ctrl+Z") in front.undo_action.shortcuts() and QKeySequence("Ctrl+Shift+Z") in front.redo_action.shortcuts()
    wait_step(qtbot, window, front.undo_action.trigger)
    assert window.reading.state(a) is State.OMITTED and "only in" in pane_of(window, a).caption_of(a)
    wait_step(qtbot, window, front.redo_action.trigger)
    assert window.reading.group_of(a) == window.reading.group_of(b)
    close_window(window)
    # the next start opens the same event from the library, with the link
    again = open_window(qtbot, library_url)
    assert again.reading.group_of(a) == again.reading.group_of(b)
    assert f"match {a} + {b}" in again.library.panel.made_texts()
    close_window(again)


def test_changing_a_relation_and_unlinking_from_the_menus(qtbot, lib_window):
    front, reading = lib_window.library, lib_window.reading
    link = next(ln for ln in reading.comparison.links if ln.relation.value == "match")
    a, b = link.claims
    group = reading.groups[reading.group_of(a)].claims
    menu = front.group_menu(group)  # the claims table's context menu
    wait_step(qtbot, lib_window, action(menu, f"{a} — {b} (match)", "Make it conflict").trigger)
    assert lib_window.reading.state(a) is State.CONFLICT and lib_window.reading.state(b) is State.CONFLICT
    menu = front.claim_menu(a)
    wait_step(qtbot, lib_window, action(menu, f"{a} — {b} (conflict)", "Unlink").trigger)
    assert lib_window.reading.group_of(a) != lib_window.reading.group_of(b)
    assert front.undo_stack.count() == 2
    # the judgements list can take one back too: removing the relation change leaves the unlink
    relation_row = next(front.panel.tree.topLevelItem(0).child(i) for i in range(front.panel.tree.topLevelItem(0).childCount())
                        if front.panel.tree.topLevelItem(0).child(i).text(0).startswith("conflict"))
    wait_step(qtbot, lib_window, front.panel.context_menu(relation_row).actions()[0].trigger)
    assert all(not t.startswith("conflict") for t in front.panel.made_texts())
    wait_step(qtbot, lib_window, front.undo_action.trigger)
    wait_step(qtbot, lib_window, front.undo_action.trigger)
    assert lib_window.reading.state(a) is State.CONFLICT


def test_a_possible_counterpart_is_named_in_the_menu_and_made_a_match_in_one_step(qtbot, lib_window):
    """An omission the engine is unsure of names the claim to check; the analyst who agrees makes
    the pair a match from the claim's menu, and the omission mark goes."""
    from readout_compare.core.explain import possible_counterpart

    reading = lib_window.reading
    link = next((ln for ln in reading.comparison.links if possible_counterpart(ln) is not None), None)
    assert link is not None, "the opened event has no unsure omission: the case this is about did not occur"
    a, b = link.claims
    chance = possible_counterpart(link)
    assert "possibly the counterpart of " + b in pane_of(lib_window, a).caption_of(a)
    title = f"{a} — {b} (related; possibly its counterpart, {chance:.0%} likely)"
    wait_step(qtbot, lib_window, action(lib_window.library.claim_menu(a), title, "Make it match").trigger)
    after = lib_window.reading
    assert after.group_of(a) == after.group_of(b) and after.state(a) not in (State.OMITTED, State.RELATED)
    assert "only in" not in pane_of(lib_window, a).caption_of(a)


def test_reviewed_tagged_and_noted_claims_carry_a_cue(qtbot, lib_window, monkeypatch, tmp_path):
    front, reading = lib_window.library, lib_window.reading
    a = omitted(lib_window, 1)
    group = reading.groups[reading.group_of(reading.comparison.links[0].claims[0])].claims
    wait_step(qtbot, lib_window, lambda: action(lib_window.library.group_menu(group), "Mark group reviewed").trigger())
    for claim in group:
        assert "✓ reviewed" in pane_of(lib_window, claim).caption_of(claim)
    row = lib_window.reading.group_of(group[0])
    differences = lib_window.model.columnCount() - 1
    assert lib_window.model.cell_text(row, differences).startswith("✓ reviewed")  # the claims table says so too
    assert lib_window.reading.margin_marks(group[0]) == "✓"  # and the pane's margin
    assert action(front.group_menu(group), "Mark group not reviewed")  # and it can be taken back
    monkeypatch.setattr(front, "ask_tag", lambda what: "omission — significant")
    wait_step(qtbot, lib_window, action(front.claim_menu(a), f"Tag {a}…").trigger)
    monkeypatch.setattr(front, "ask_note", lambda what, text="": "Check against the Farsi text.")
    wait_step(qtbot, lib_window, action(front.claim_menu(a), f"Note on {a}…").trigger)
    view = pane_of(lib_window, a)
    assert "⚑ omission — significant" in view.caption_of(a) and "✎ Check against the Farsi text." in view.caption_of(a)
    assert "✎ Check against the Farsi text." in view.tooltip(a)
    assert "✓ reviewed" not in view.caption_of(a)
    assert "omission — significant" in str(lib_window.briefing.judgements())  # File ▸ Export carries them
    from readout_compare.gui.library.room import analyst_name

    assert {a.author for a in front.current.stored.annotations} == {analyst_name()}  # who made them, for a shared library
    # a JSON export from the window carries the analyst's record, as `show --format json` prints it
    import json

    exported = tmp_path / "event.json"
    with qtbot.waitSignal(lib_window.briefing.exported, timeout=60_000):
        assert lib_window.briefing.export_to(str(exported), "json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["event"]["title"] == front.current.stored.title
    assert {(x["tag"], x["author"]) for x in data["annotations"] if x["tag"]} == {("omission — significant", analyst_name())}
    # the note can be edited and removed from the claim's menu, each undoable
    monkeypatch.setattr(front, "ask_note", lambda what, text="": text + " Done.")
    wait_step(qtbot, lib_window, action(front.claim_menu(a), "Edit note “Check against the Farsi text.”…").trigger)
    assert "✎ Check against the Farsi text. Done." in pane_of(lib_window, a).caption_of(a)
    wait_step(qtbot, lib_window, action(front.claim_menu(a), "Remove “omission — significant”").trigger)
    assert "⚑" not in pane_of(lib_window, a).caption_of(a)
    wait_step(qtbot, lib_window, front.undo_action.trigger)
    assert "⚑ omission — significant" in pane_of(lib_window, a).caption_of(a)


def test_someone_elses_change_is_detected_and_the_event_reloaded(qtbot, lib_window, library_url):
    front = lib_window.library
    event_id = front.current.event_id
    a = omitted(lib_window, 0)
    wait_step(qtbot, lib_window, lambda: front.mark_reviewed([a]))
    other = open_library(library_url)  # a second window, or a colleague on a shared library
    with other.write() as session:
        repo.annotate(session, event_id, [a], tag="framing", author="colleague")
    other.close()
    with qtbot.waitSignal(front.stepFailed, timeout=30_000):
        with qtbot.waitSignal(front.eventShown, timeout=30_000):
            front.annotate([a], tag="tone")
    assert "changed by someone else" in lib_window.message.text() and "reloaded" in lib_window.message.text()
    assert front.undo_stack.count() == 0
    assert "⚑ framing" in pane_of(lib_window, a).caption_of(a) and "⚑ tone" not in pane_of(lib_window, a).caption_of(a)
    wait_step(qtbot, lib_window, lambda: front.annotate([a], tag="tone"))  # after the reload, it goes through
    assert "⚑ tone" in pane_of(lib_window, a).caption_of(a)


def test_orphaned_judgements_are_listed(qtbot, lib_window, library_url):
    front = lib_window.library
    event_id = front.current.event_id
    a = omitted(lib_window, 0)
    text = lib_window.reading.comparison.claim(a).text
    wait_step(qtbot, lib_window, lambda: front.annotate([a], tag="omission — significant"))
    assert front.panel.orphaned_texts() == []
    other = open_library(library_url)
    with other.read() as session:  # the account's text is corrected: that claim no longer exists
        account = repo.load_event(session, event_id).engine.accounts[0]
    correct_account(other, event_id, 0, account.text.replace(text, ""))
    other.close()
    wait_event(qtbot, lib_window, front.reload_action.trigger)  # View ▸ Reload from the library (F5)
    assert front.panel.orphaned_texts() == ["⚑ omission — significant"]
    assert "1 judgement of yours lost its claims" in lib_window.statusBar().currentMessage()
    assert "1 orphaned" in front.panel.summary.text()
    assert text.strip() in front.panel.orphans.child(0).text(1)
    # the analyst can let it go (and change her mind)
    wait_step(qtbot, lib_window, front.panel.context_menu(front.panel.orphans.child(0)).actions()[0].trigger)
    assert front.panel.orphaned_texts() == [] and front.current.stored.annotations == ()
    wait_step(qtbot, lib_window, front.undo_action.trigger)
    assert front.panel.orphaned_texts() == ["⚑ omission — significant"]


KESTREL_NORVALE = """---
label: Norvale
---
The President of Norvale spoke by telephone with the Prime Minister of Ebria.

Both sides reaffirmed their commitment to the Kestrel Compact.

The two leaders agreed to meet in June.

The President praised Ebria for its help after the floods.
"""
KESTREL_EBRIA = """---
label: Ebria
---
The Prime Minister of Ebria spoke by telephone with the President of Norvale.

The two leaders agreed to meet in June.

Ebria remains committed to the river fisheries treaty of 2019.

The Prime Minister urged Norvale to release the detained fishermen.
"""


def test_a_glossary_entry_of_the_analyst_changes_the_alignment(qtbot, lib_window, tmp_path, library_url):
    folder = tmp_path / "kestrel"
    folder.mkdir()
    (folder / "a-norvale.txt").write_text(KESTREL_NORVALE, encoding="utf-8")
    (folder / "b-ebria.txt").write_text(KESTREL_EBRIA, encoding="utf-8")
    front = lib_window.library
    wait_event(qtbot, lib_window, lambda: front.import_folder(str(folder)))
    compact = next(c.id for c in lib_window.reading.comparison.claims[0] if "Kestrel" in c.text)
    treaty = next(c.id for c in lib_window.reading.comparison.claims[1] if "fisheries treaty" in c.text)
    assert lib_window.reading.group_of(compact) != lib_window.reading.group_of(treaty)
    wait_step(qtbot, lib_window, lambda: front.annotate([compact], tag="follow up"))
    with qtbot.waitSignal(front.eventShown, timeout=30_000):
        front.save_glossary([["Kestrel Compact", "river fisheries treaty"]], realign=True)
    reading = lib_window.reading
    assert reading.group_of(compact) == reading.group_of(treaty)
    assert "⚑ follow up" in pane_of(lib_window, compact).caption_of(compact)  # re-attached after re-alignment
    close_window(lib_window)
    again = open_window(qtbot, library_url)
    assert again.library.controller.glossary == "Kestrel Compact = river fisheries treaty\n"  # kept in the library
    assert again.runner.glossary == again.library.controller.glossary  # file comparisons use it too
    close_window(again)


def test_glossary_dialog_shows_the_shipped_groups_and_checks_the_analysts(qtbot):
    dialog = GlossaryDialog("Astana format = Astana process\n")
    qtbot.addWidget(dialog)
    assert dialog.groups() == [["Astana format", "Astana process"]]
    dialog.editor.setPlainText("Astana format = Astana process\nKestrel Compact\n")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "line 2" in dialog.error.text()
    dialog.editor.setPlainText("Kestrel Compact = river fisheries treaty")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_link_dialog_offers_every_claim_and_the_three_relations(qtbot, lib_window):
    from readout_compare.gui.library.link_dialog import LinkDialog

    reading = lib_window.reading
    a = reading.comparison.claims[0][0].id
    dialog = LinkDialog(reading, a)
    qtbot.addWidget(dialog)
    assert dialog.first.count() == sum(len(claims) for claims in reading.comparison.claims)
    first, second, relation = dialog.choice()
    assert first == a and reading.comparison.claim(second).account == 1 and relation == "match"
    dialog.relation.setCurrentIndex(1)
    assert dialog.choice()[2] == "conflict"


def test_glossary_dialog_save_and_realign_button(qtbot):
    dialog = GlossaryDialog("", realign_label="Save and re-align this event")
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("Kestrel Compact")
    dialog.realign_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted  # a bad line: the dialog stays
    dialog.editor.setPlainText("Kestrel Compact = river fisheries treaty")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.realign
    dialog.realign_button.click()
    assert dialog.realign


def test_a_judgement_through_the_window_on_postgresql(qtbot):
    """The same window on a team's PostgreSQL library (.ci/run starts a server)."""
    import os

    import pytest
    from sqlalchemy import MetaData, create_engine

    url = os.environ.get("READOUT_COMPARE_TEST_PG", "")
    if not url:
        pytest.skip("no PostgreSQL server: set READOUT_COMPARE_TEST_PG (.ci/run does)")
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)  # an empty database: the window creates and seeds the library
    engine.dispose()
    window = open_window(qtbot, url)
    a, b = omitted(window, 0), omitted(window, 1)
    wait_step(qtbot, window, lambda: window.library.link(a, b, "conflict"))
    assert window.reading.state(a) is State.CONFLICT
    close_window(window)
    again = open_window(qtbot, url)
    assert again.reading.state(a) is State.CONFLICT
    close_window(again)


def test_a_glossary_saved_by_a_colleague_meanwhile_is_not_overwritten(qtbot, library_url):
    """Two windows on one library; each analyst adds a group. The second save is refused with a
    message, the first analyst's group is kept, and the second window now holds it (its next
    Tools ▸ Glossary shows it)."""
    mine, theirs = open_window(qtbot, library_url), open_window(qtbot, library_url)
    try:
        saved = {}
        mine.library.controller.save_glossary([["Astana format", "Astana process"]], done=lambda text: saved.setdefault("mine", text))
        qtbot.waitUntil(lambda: "mine" in saved, timeout=30_000)
        theirs.library.save_glossary([["Kiev", "Kyiv"]])
        qtbot.waitUntil(lambda: "changed by someone else" in theirs.message.text(), timeout=30_000)
        assert "Could not save the glossary" in theirs.message.text()
        qtbot.waitUntil(lambda: theirs.library.controller.glossary == "Astana format = Astana process\n", timeout=30_000)
        assert mine.library.controller.glossary == "Astana format = Astana process\n"
    finally:
        close_window(mine)
        close_window(theirs)
