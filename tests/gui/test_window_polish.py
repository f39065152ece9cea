"""Issue 10, the window's polish: nothing it says is untrue or careless.

State that lies (a stale error banner, the library's highlight on the wrong event, an import
from another process unseen until F5, a screenshot of a half-open library), small wording
(plurals, "set by the analyst", the Judgements dock's columns, the Link dialog's partners),
Help ▸ Keyboard shortcuts and About, File ▸ Recent. Every window here is built with
``build_window(db=URL)`` on a temporary library seeded with the bundled samples.
"""

from __future__ import annotations

import pytest
from library_window import ROUHANI, TEHRAN, close_window, wait_event, wait_step
from PySide6.QtCore import QEventLoop

from readout_compare.core.model import Relation
from readout_compare.gui.app import build_window


@pytest.fixture
def library_url(tmp_path):
    return f"sqlite:///{tmp_path / 'library.sqlite'}"


def start(qtbot, url: str, *, open_last: bool = True):
    """A window on the library at ``url``, shown, with the library open and its first event shown."""
    window = build_window(db=url, seed=True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.library.eventShown if open_last else window.library.eventsListed, timeout=30_000):
        window.library.start(open_last=open_last)
    return window


@pytest.fixture
def win(qtbot, library_url):
    window = start(qtbot, library_url)
    yield window
    close_window(window)


def search(qtbot, window, text: str) -> list[str]:
    with qtbot.waitSignal(window.library.eventsListed, timeout=30_000):
        window.library.browser.search.setText(text)
    return window.library.browser.event_titles()


def event_id(window, title: str) -> int:
    return next(e.id for e in window.library.browser.events if e.title == title)


# -- small wording ------------------------------------------------------------------------------------

def test_one_event_matches_and_one_judgement_is_one(qtbot, win):
    front = win.library
    assert search(qtbot, win, "Astana") == [TEHRAN]
    assert front.browser.status.text() == "1 event matches “Astana”"  # was "1 event match"
    search(qtbot, win, "")
    a, b = win.reading.comparison.claims[0][-1].id, win.reading.comparison.claims[1][-1].id
    wait_step(qtbot, win, lambda: front.link(a, b, "conflict"))
    assert front.panel.summary.text() == f"1 judgement on “{ROUHANI}”"  # was "1 judgement and note on"
    wait_step(qtbot, win, lambda: front.annotate([a], note="Check against the Iraqi statement."))
    assert front.panel.summary.text() == f"1 judgement and 1 note on “{ROUHANI}”"


def test_a_pane_leaving_out_one_claim_says_claim(qtbot, win, build):
    comparison = build(
        [("Norvale", ["The leaders spoke on Tuesday.", "They agreed to reopen the crossing."]),
         ("Ebria", ["The leaders spoke on Tuesday."])],
        [("A1", "B1", "match", [])],
    )
    with qtbot.waitSignal(win.comparisonShown, timeout=30_000):
        win.show_comparison(comparison)
    ebria = win.view.panes[1].summary.text()
    assert "1 claim ·" in ebria and "leaves out <b>1</b> claim of the Norvale account" in ebria, ebria
    assert "1 claims" not in ebria and "1</b> claims" not in ebria
    assert win.statusBar().currentMessage().startswith("2 groups, 1 difference")


def test_a_conflict_the_analyst_made_says_set_by_the_analyst_not_a_score(qtbot, win):
    front = win.library
    a, b = win.reading.comparison.claims[0][-1].id, win.reading.comparison.claims[1][-1].id
    wait_step(qtbot, win, lambda: front.link(a, b, "conflict"))
    reading = win.reading
    link = next(ln for ln in reading.comparison.links_of(a) if b in ln.claims)
    assert link.by_analyst and link.relation is Relation.CONFLICT
    row = reading.group_of(a)
    n = len(reading.comparison.accounts)
    score = win.model.cell_text(row, n + 2)
    assert score.startswith("set by the analyst") and "1.00" not in score
    # the column is wide enough to read it
    assert win.table.columnWidth(n + 2) >= win.table.fontMetrics().horizontalAdvance("set by the analyst")
    # an engine's link keeps its score
    engine = next(g for g, group in enumerate(reading.groups) if group.relation and a not in group.claims)
    assert win.model.cell_text(engine, n + 2) == f"{reading.groups[engine].score:.2f}"


def test_judgements_dock_has_columns_with_the_claims_text_who_and_when(qtbot, win):
    from readout_compare.gui.library.judgements import BY, CLAIMS, COLUMNS, WHAT, WHEN

    front = win.library
    comparison = win.reading.comparison
    a, b = comparison.claims[0][-1].id, comparison.claims[1][-1].id
    wait_step(qtbot, win, lambda: front.link(a, b, "conflict"))
    panel = front.panel
    tree = panel.tree
    assert [tree.headerItem().text(c) for c in range(tree.columnCount())] == list(COLUMNS) == ["Judgement", "Claims", "By", "When"]
    row = tree.topLevelItem(0).child(0)
    assert row.text(WHAT) == f"conflict {a} + {b}"
    # the claims' text, each with its account, not only their ids
    for cid in (a, b):
        claim = comparison.claim(cid)
        assert f"{cid} ({comparison.accounts[claim.account].label}): {claim.text.strip()}" in row.text(CLAIMS)
    assert row.text(BY) == front.author
    assert len(row.text(WHEN)) == len("2026-12-02 13:22") and row.text(WHEN)[4] == "-"
    # in a narrow dock the judgement's words stay in their column and the claims wrap (a taller row)
    front.judgements_dock.raise_()
    front.judgements_dock.show()
    panel.resize(600, 300)
    qtbot.waitUntil(lambda: tree.viewport().width() < 620)
    qtbot.wait(50)
    index = tree.indexFromItem(row, CLAIMS)
    assert tree.columnWidth(WHAT) >= tree.fontMetrics().horizontalAdvance(row.text(WHAT)) - tree.indentation() * 2
    assert tree.visualRect(index).height() > 2.5 * tree.fontMetrics().height()  # two claims, wrapped


def test_link_dialog_offers_only_the_other_accounts_claims(qtbot, qapp):
    from readout_compare.gui.library.link_dialog import LinkDialog
    from readout_compare.core.reading import Reading
    from readout_compare.core.compare import compare
    from readout_compare.store.seed import bundled_samples
    from readout_compare.core.ingest import read_account

    title, _date, files = next(s for s in bundled_samples() if s[0] == TEHRAN)
    reading = Reading(compare([read_account(str(f)) for f in files]))
    comparison = reading.comparison
    first = comparison.claims[1][2].id  # a claim of the second of three accounts
    dialog = LinkDialog(reading, first)
    qtbot.addWidget(dialog)
    offered = [dialog.second.itemData(i) for i in range(dialog.second.count())]
    assert first not in offered
    assert {comparison.claim(c).account for c in offered} == {0, 2}
    assert len(offered) == len(comparison.claims[0]) + len(comparison.claims[2])
    # choosing a claim of the first account offers the second and third accounts' claims
    dialog.first.setCurrentIndex(dialog.first.findData(comparison.claims[0][0].id))
    offered = [dialog.second.itemData(i) for i in range(dialog.second.count())]
    assert {comparison.claim(c).account for c in offered} == {1, 2}


# -- state that lies ----------------------------------------------------------------------------------

def selected_events(window) -> list[int]:
    """The events highlighted in the Library dock (what the analyst sees selected)."""
    from readout_compare.gui.library.browser import EVENT_ROLE

    return [item.data(0, EVENT_ROLE) for item in window.library.browser.tree.selectedItems()]


def test_an_error_banner_goes_when_another_event_is_opened(qtbot, win, tmp_path, texts, write_account):
    from readout_compare.gui.comparison.runner import AccountSource

    paths = [write_account("norvale.txt", texts["norvale"]), tmp_path / "gone.txt"]
    with qtbot.waitSignal(win.comparisonFailed, timeout=30_000):
        win.open_sources([AccountSource(path=str(p)) for p in paths])
    assert win.message.text().startswith("Could not compare these accounts")
    wait_event(qtbot, win, lambda: win.library.open_event(event_id(win, TEHRAN)))
    assert win.windowTitle().startswith(TEHRAN)
    assert win.message.text() == ""  # the banner spoke of the files, not of this event


def test_the_library_highlight_follows_what_is_open(qtbot, win, texts, write_account):
    from readout_compare.gui.comparison.runner import AccountSource

    front = win.library
    assert selected_events(win) == [front.current.event_id]  # the event on show is the highlighted one
    tehran = event_id(win, TEHRAN)
    wait_event(qtbot, win, lambda: front.open_event(tehran))
    assert selected_events(win) == [tehran]
    # pasted texts (File ▸ New comparison): no event of the library is on show, none highlighted
    with qtbot.waitSignal(win.comparisonShown, timeout=30_000):
        win.open_sources([AccountSource(text=texts["norvale"]), AccountSource(text=texts["ebria"])])
    assert front.current is None and selected_events(win) == []
    wait_event(qtbot, win, lambda: front.open_event(tehran))
    # files opened: the same
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    with qtbot.waitSignal(win.comparisonShown, timeout=30_000):
        win.open_sources([AccountSource(path=str(p)) for p in paths])
    assert selected_events(win) == []


def test_undoing_a_delete_highlights_the_event_brought_back(qtbot, win, monkeypatch):
    front, browser = win.library, win.library.browser
    tehran = event_id(win, TEHRAN)
    wait_event(qtbot, win, lambda: front.open_event(tehran))
    monkeypatch.setattr(front, "confirm_delete", lambda title: True)
    browser.tree.setFocus()
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        wait_step(qtbot, win, browser.delete_action.trigger, reload=False)
    assert TEHRAN not in browser.event_titles()
    assert selected_events(win) == []  # not a neighbour that moved into its place
    with qtbot.waitSignal(front.eventShown, timeout=30_000):
        wait_step(qtbot, win, front.undo_action.trigger, reload=False)
    qtbot.waitUntil(lambda: TEHRAN in browser.event_titles(), timeout=30_000)
    assert front.current.event_id == tehran
    assert selected_events(win) == [tehran]


def test_a_selection_the_analyst_made_survives_a_refresh(qtbot, win):
    front, browser = win.library, win.library.browser
    tehran = event_id(win, TEHRAN)
    browser.tree.setCurrentItem(browser.item_of(tehran))  # clicked, not opened
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        front.refresh_list()
    assert selected_events(win) == [tehran] and front.current.event_id != tehran


def test_an_event_imported_from_the_command_line_appears_without_f5(qtbot, library_url, texts, write_account):
    import os
    import subprocess
    import sys

    window = start(qtbot, library_url)
    front, browser = window.library, window.library.browser
    window.library.watch.timer.setInterval(200)  # the watch looks every 2 s; the test need not wait that long
    qtbot.waitUntil(lambda: front.watch.mark is not None, timeout=30_000)  # the library as the window opened it
    tehran = event_id(window, TEHRAN)
    browser.tree.setCurrentItem(browser.item_of(tehran))  # the analyst's selection, not the open event
    tehran_row = browser.item_of(tehran)
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    env = dict(os.environ, READOUT_COMPARE_MATCHER="lexical")
    done = subprocess.run([sys.executable, "-m", "readout_compare", "--db", library_url, "import", "--title",
                           "Norvale–Ebria call, 4 March", *map(str, paths)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: "Norvale–Ebria call, 4 March" in browser.event_titles(), timeout=30_000)
    assert selected_events(window) == [tehran]  # the refresh kept the selection
    assert browser.item_of(tehran) is tehran_row  # and the rows it did not need to change
    assert browser.item_of(front.current.event_id).font(0).bold()  # and the open event
    looks = front.watch.looks
    qtbot.waitUntil(lambda: front.watch.looks >= looks + 2, timeout=30_000)
    assert "Norvale–Ebria call, 4 March" in browser.event_titles()
    close_window(window)


def test_a_screenshot_waits_for_the_library_as_well_as_the_comparison(qtbot, library_url, texts, write_account):
    """Files compared before the library has opened: the picture is taken once both are shown."""
    from readout_compare.gui.app import when_ready
    from readout_compare.gui.comparison.runner import AccountSource

    window = build_window(db=library_url, seed=True, scripted=True)
    qtbot.addWidget(window)
    window.show()
    taken = []
    when_ready(window, lambda: taken.append((window.library.browser.status.text(), list(window.library.browser.event_titles()))))
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
    qtbot.wait(100)
    assert taken == []  # the comparison is shown, the library not yet: no picture of "Opening the library…"
    window.library.start(open_last=False)
    qtbot.waitUntil(lambda: bool(taken), timeout=30_000)
    status, titles = taken[0]
    assert status == "7 events in the library" and TEHRAN in titles
    close_window(window)



# -- Help ▸ Keyboard shortcuts, About, File ▸ Recent ----------------------------------------------------

def menu_named(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().title().replace("&", "") == title)


def test_keyboard_shortcuts_lists_every_menu_action_with_its_keys(qtbot, win):
    from PySide6.QtGui import QAction, QKeySequence

    help_menu = menu_named(win, "Help")
    texts = [a.text().replace("&", "") for a in help_menu.actions() if not a.isSeparator()]
    assert texts == ["Keyboard shortcuts", "About Readout Compare"]
    a = win.reading.comparison.claims[0][0].id
    wait_step(qtbot, win, lambda: win.library.annotate([a], tag="framing"))
    assert win.library.undo_action.text() != "Undo"  # "Undo …": the step it would take back
    dialog = win.help.shortcuts_dialog()
    qtbot.addWidget(dialog)
    table = dialog.table
    shown = {(table.item(r, 0).text(), table.item(r, 1).text()): table.item(r, 2).text() for r in range(table.rowCount())}
    # every action of every menu is there, under its menu, with its keys as Qt has them now
    for top in win.menuBar().actions():
        for action in top.menu().actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            name = (action.property("listedAs") or action.text()).replace("&", "")
            assert shown[(top.menu().title().replace("&", ""), name)] == (keys or "—")
    assert shown[("Edit", "Undo")].startswith("Ctrl+Z") and shown[("View", "Reload from the library")] == "F5"
    assert shown[("Library", "Rename…")] == "F2"  # a key the Library list answers to, outside the menus
    # read from the actions, not written down: a changed key shows the next time it opens
    win.library.reload_action.setShortcut(QKeySequence("Ctrl+F5"))
    again = win.help.shortcuts_dialog()
    qtbot.addWidget(again)
    assert any(r.action == "Reload from the library" and r.keys == "Ctrl+F5" for r in again.rows)
    again.filter.setText("reload")
    assert [r.action for r in again.visible_rows()] == ["Reload from the library"]
    assert win.help.shortcuts_action.shortcut() == QKeySequence("F1")
    assert all(isinstance(a, QAction) for a in (win.help.shortcuts_action, win.help.about_action))


def test_about_names_the_version(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import readout_compare

    said = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append((title, text)))
    win.about_action.trigger()
    assert said and said[0][0] == "About Readout Compare"
    assert f"Version {readout_compare.__version__}" in said[0][1]


def recent_texts(window) -> list[str]:
    window.recent.fill()  # what aboutToShow does
    return [a.text() for a in window.recent.menu.actions() if not a.isSeparator()]


def test_file_recent_keeps_files_and_events_says_what_is_missing_and_clears(qtbot, library_url, texts, write_account, tmp_path):
    from readout_compare.gui.comparison.runner import AccountSource

    window = start(qtbot, library_url)
    file_menu = menu_named(window, "File")
    assert window.recent.menu.menuAction() in file_menu.actions()
    assert recent_texts(window)[0] == f"&1  {ROUHANI}"  # the event opened at start
    tehran = event_id(window, TEHRAN)
    wait_event(qtbot, window, lambda: window.library.open_event(tehran))
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
    assert recent_texts(window)[:3] == ["&1  norvale.txt + ebria.txt", f"&2  {TEHRAN}", f"&3  {ROUHANI}"]
    # an event from the menu opens it
    wait_event(qtbot, window, window.recent.menu.actions()[1].trigger)
    assert window.library.current.event_id == tehran
    close_window(window)
    # the next start remembers them; a file gone says so, and opening it says why instead
    paths[1].unlink()
    again = start(qtbot, library_url)
    entries = recent_texts(again)
    files = next(t for t in entries if "norvale.txt" in t)
    assert files.endswith("(missing: ebria.txt)")
    action = next(a for a in again.recent.menu.actions() if a.text() == files)
    action.trigger()
    assert "ebria.txt is no longer there" in again.message.text()
    assert again.library.current is not None  # nothing was replaced
    clear = next(a for a in again.recent.menu.actions() if a.text() == "&Clear recent")
    clear.trigger()
    assert recent_texts(again) == ["No recent files or events", "&Clear recent"]
    close_window(again)


def test_a_refresh_that_changes_nothing_visible_leaves_the_list_as_it_is(qtbot, win):
    """The window's own judgement moves the library's change mark too: the list read again is the
    same, so the rows stay (expanded, scrolled, selected) rather than being built again."""
    front, browser = win.library, win.library.browser
    tehran = browser.item_of(event_id(win, TEHRAN))
    tehran.setExpanded(True)
    a, b = win.reading.comparison.claims[0][-1].id, win.reading.comparison.claims[1][-1].id
    wait_step(qtbot, win, lambda: front.link(a, b, "conflict"))
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        front.refresh_list()
    assert browser.item_of(event_id(win, TEHRAN)) is tehran and tehran.isExpanded()
    version = next(e.version for e in browser.events if e.id == front.current.event_id)
    assert version == front.current.stored.version  # the summaries are the new ones all the same
