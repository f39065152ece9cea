"""The window on the library: the sample event first, the browser and its search, open, rename,
delete and undo, import a folder, save a file comparison, and database trouble shown as messages."""

from __future__ import annotations

import sqlite3

from library_window import ROUHANI, TEHRAN, close_window, lib_window, library_url, open_window, wait_event, wait_step  # noqa: F401
from PySide6.QtCore import Qt

from readout_compare.core.compare import compare
from readout_compare.gui.comparison.runner import AccountSource
from readout_compare.store.seed import bundled_samples


def search(qtbot, window, text: str) -> list[str]:
    with qtbot.waitSignal(window.library.eventsListed, timeout=30_000):
        window.library.browser.search.setText(text)  # typed: the search waits for a pause
    return window.library.browser.event_titles()


def test_first_start_lists_the_samples_and_opens_the_rouhani_macron_call(lib_window):
    browser = lib_window.library.browser
    assert sorted(browser.event_titles()) == sorted(title for title, _d, _f in bundled_samples())
    assert lib_window.windowTitle().startswith(ROUHANI)
    assert [p.title.text() for p in lib_window.view.panes] == ["Iranian presidency", "Élysée"]
    assert "7 events" in browser.status.text()
    # the open event is the bold one, and its accounts are listed under it
    item = browser.item_of(lib_window.library.current.event_id)
    assert item.font(0).bold() and [item.child(i).text(0) for i in range(item.childCount())] == ["Iranian presidency", "Élysée"]


def test_next_start_opens_the_event_opened_last(qtbot, library_url):
    window = open_window(qtbot, library_url)
    titles = search(qtbot, window, "Astana")
    assert titles == [TEHRAN]
    browser = window.library.browser
    wait_event(qtbot, window, lambda: browser.openRequested.emit(browser.item_of(browser.events[0].id).data(0, Qt.ItemDataRole.UserRole)))
    assert window.windowTitle().startswith(TEHRAN)
    wait_event(qtbot, window, window.sample_action.trigger)  # File ▸ Open the sample: the stored sample event
    assert window.windowTitle().startswith(ROUHANI) and window.library.current is not None
    wait_event(qtbot, window, lambda: browser.openRequested.emit(browser.events[0].id))
    close_window(window)
    again = open_window(qtbot, library_url)
    assert again.windowTitle().startswith(TEHRAN)
    close_window(again)


def test_typing_searches_once_at_the_pause(qtbot, lib_window):
    browser = lib_window.library.browser
    asked = []
    browser.searchRequested.connect(asked.append)
    with qtbot.waitSignal(lib_window.library.eventsListed, timeout=30_000):
        qtbot.keyClicks(browser.search, "Astana")
    assert asked == ["Astana"] and browser.event_titles() == [TEHRAN]


def test_search_covers_titles_sources_and_full_text(qtbot, lib_window):
    assert search(qtbot, lib_window, "Astana") == [TEHRAN]  # a title
    assert search(qtbot, lib_window, "elysee.fr") == [ROUHANI]  # a source
    assert sorted(search(qtbot, lib_window, "Daesh")) == sorted([ROUHANI, TEHRAN])  # words of the accounts' text
    assert search(qtbot, lib_window, "no such words anywhere") == []
    assert "No event matches" in lib_window.library.browser.status.text()
    assert len(search(qtbot, lib_window, "")) == 7


def test_enter_on_an_event_opens_it(qtbot, lib_window):
    browser = lib_window.library.browser
    search(qtbot, lib_window, "Astana")
    browser.tree.setCurrentItem(browser.tree.topLevelItem(0))
    browser.tree.setFocus()
    wait_event(qtbot, lib_window, lambda: qtbot.keyClick(browser.tree, Qt.Key.Key_Return))
    assert lib_window.windowTitle().startswith(TEHRAN)
    assert len(lib_window.view.panes) == 3  # the summit's three accounts


def test_rename_then_undo_and_redo(qtbot, lib_window):
    front, browser = lib_window.library, lib_window.library.browser
    event_id = front.current.event_id
    item = browser.item_of(event_id)
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        wait_step(qtbot, lib_window, lambda: item.setText(0, "Rouhani and Macron, 2 January"))  # what editing the row does
    assert "Rouhani and Macron, 2 January" in browser.event_titles()
    assert lib_window.windowTitle().startswith("Rouhani and Macron, 2 January")
    assert front.undo_action.text().replace("&", "") == "Undo Rename event to “Rouhani and Macron, 2 January”"
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        wait_step(qtbot, lib_window, front.undo_action.trigger)
    assert ROUHANI in browser.event_titles() and lib_window.windowTitle().startswith(ROUHANI)
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        wait_step(qtbot, lib_window, front.redo_action.trigger)
    assert "Rouhani and Macron, 2 January" in browser.event_titles()


def test_delete_asks_first_and_undo_brings_the_event_back(qtbot, lib_window, monkeypatch):
    front, browser = lib_window.library, lib_window.library.browser
    event_id = front.current.event_id
    asked = []
    monkeypatch.setattr(front, "confirm_delete", lambda title: asked.append(title) or False)
    browser.select_event(event_id)
    browser.delete_action.trigger()
    assert asked == [ROUHANI] and front.undo_stack.count() == 0  # said no: nothing happened
    monkeypatch.setattr(front, "confirm_delete", lambda title: True)
    with qtbot.waitSignal(front.eventsListed, timeout=30_000):
        wait_step(qtbot, lib_window, browser.delete_action.trigger, reload=False)
    assert ROUHANI not in browser.event_titles()
    assert lib_window.reading is None and lib_window.placeholder.isVisible()
    assert "Undo brings it back" in lib_window.statusBar().currentMessage()
    with qtbot.waitSignal(front.eventShown, timeout=30_000):
        wait_step(qtbot, lib_window, front.undo_action.trigger, reload=False)
    assert ROUHANI in browser.event_titles()
    assert lib_window.windowTitle().startswith(ROUHANI) and front.current.event_id == event_id


def test_import_a_folder_as_one_event_and_warn_of_the_same_text_twice(qtbot, lib_window, texts, tmp_path, monkeypatch):
    from readout_compare.gui.library import storing

    folder = tmp_path / "norvale-ebria-call"
    folder.mkdir()
    (folder / "norvale.txt").write_text(texts["norvale"], encoding="utf-8")
    (folder / "ebria.txt").write_text(texts["ebria"], encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF not an account")  # not an account file: left alone
    front = lib_window.library
    suggested = []
    monkeypatch.setattr(storing.QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(front, "ask_title", lambda title: suggested.append(title) or "Norvale–Ebria call, 4 March")
    wait_event(qtbot, lib_window, front.import_action.trigger)  # File ▸ Import folder…
    assert suggested == ["norvale ebria call"]
    assert "Norvale–Ebria call, 4 March" in front.browser.event_titles()
    assert sorted(p.title.text() for p in lib_window.view.panes) == ["Ebrian government", "Norvale foreign ministry"]
    assert not lib_window.message.isVisible()
    wait_event(qtbot, lib_window, lambda: front.import_folder(str(folder)))
    warning = lib_window.message.text()
    assert "already in the library" in warning and "Norvale foreign ministry" in warning and "Norvale–Ebria call, 4 March" in warning
    assert "norvale ebria call" in front.browser.event_titles()  # warned, not refused


def test_import_of_a_folder_without_accounts_says_why(qtbot, lib_window, tmp_path):
    (tmp_path / "empty").mkdir()
    lib_window.library.import_folder(str(tmp_path / "empty"))
    qtbot.waitUntil(lambda: lib_window.message.isVisible(), timeout=30_000)
    assert "needs at least two" in lib_window.message.text()


def test_a_file_comparison_can_be_saved_to_the_library(qtbot, lib_window, texts, write_account, monkeypatch):
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    front = lib_window.library
    with qtbot.waitSignal(lib_window.comparisonShown, timeout=30_000):
        lib_window.open_sources([AccountSource(path=str(p)) for p in paths])
    assert front.current is None and front.save_action.isEnabled()
    assert not front.link_action.isEnabled()  # judgements need a stored event
    monkeypatch.setattr(front, "ask_title", lambda suggested: f"Call of 4 March ({suggested})")
    wait_event(qtbot, lib_window, front.save_action.trigger)
    assert front.current is not None and lib_window.windowTitle().startswith("Call of 4 March (Norvale foreign ministry / Ebrian government)")
    assert not front.save_action.isEnabled() and front.link_action.isEnabled()
    assert "Call of 4 March (Norvale foreign ministry / Ebrian government)" in front.browser.event_titles()


def test_a_locked_library_is_a_message_and_the_change_is_not_lost_from_view(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    window = open_window(qtbot, url, busy_timeout=0.2)
    front = window.library
    other = sqlite3.connect(str(tmp_path / "library.sqlite"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with qtbot.waitSignal(front.stepFailed, timeout=30_000):
            front.rename_event(front.current.event_id, "Renamed while locked")
        assert "locked" in window.message.text()
        assert front.undo_stack.count() == 0  # nothing to undo: nothing was saved
    finally:
        other.execute("ROLLBACK")
        other.close()
    close_window(window)


def test_a_library_from_a_newer_version_is_a_message_and_the_sample_still_opens(qtbot, tmp_path):
    path = tmp_path / "library.sqlite"
    db = sqlite3.connect(str(path))
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    db.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    db.commit()
    db.close()
    before = path.read_bytes()
    window = open_window(qtbot, f"sqlite:///{path}", wait="shown")  # the sample files, without the library
    assert "newer version" in window.message.text() and "left untouched" in window.message.text()
    assert "could not be opened" in window.library.browser.status.text()
    assert not window.library.import_action.isEnabled()
    assert [p.title.text() for p in window.view.panes] == ["Iranian presidency", "Élysée"]
    assert path.read_bytes() == before
    close_window(window)


def test_a_file_that_is_not_a_library_is_a_message(qtbot, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("my notes, not a database", encoding="utf-8")
    window = open_window(qtbot, f"sqlite:///{path}", wait="shown")
    assert "not a Readout Compare library" in window.message.text()
    close_window(window)


def test_library_dock_can_be_hidden_from_the_view_menu(lib_window):
    action = lib_window.library.library_dock.toggleViewAction()
    assert action.text() == "&Library"
    action.trigger()
    assert not lib_window.library.library_dock.isVisible()


def test_gui_takes_db_and_a_screenshot_shows_that_librarys_event(tmp_path, texts, write_account):
    from test_startup import png_size, run_cli

    from readout_compare import cli

    assert cli.build_parser().parse_args(["gui", "--db", "sqlite:///x.sqlite"]).db == "sqlite:///x.sqlite"
    assert cli.build_parser().parse_args(["--db", "sqlite:///y.sqlite", "gui"]).db == "sqlite:///y.sqlite"
    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    paths = [str(write_account("norvale.txt", texts["norvale"])), str(write_account("ebria.txt", texts["ebria"]))]
    imported = run_cli("--db", url, "import", "--title", "Call of 4 March", *paths, settings_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--db", url, "--screenshot", str(shot), settings_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1400, 900)


def test_a_shared_library_without_the_samples_opens_its_latest_event(qtbot, tmp_path, texts):
    from readout_compare.core.ingest import account_from_text
    from readout_compare.store import repository as repo
    from readout_compare.store.database import open_library

    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    library = open_library(url, seed=False)
    with library.write() as session:
        accounts = [account_from_text(texts["norvale"], "a"), account_from_text(texts["ebria"], "b")]
        repo.create_event(session, "Call of 4 March", accounts, compare(accounts))
    library.close()
    window = open_window(qtbot, url, seed=False)
    assert window.windowTitle().startswith("Call of 4 March")
    assert window.library.browser.event_titles() == ["Call of 4 March"]
    close_window(window)


def test_no_command_opens_the_window_on_the_library_named_with_db(monkeypatch):
    from readout_compare import cli
    from readout_compare.gui import app

    seen = {}
    monkeypatch.setattr(app, "run", lambda files, screenshot=None, db=None: seen.update(files=files, db=db) or 0)
    assert cli.main(["--db", "sqlite:///team.sqlite"]) == 0
    assert seen == {"files": [], "db": "sqlite:///team.sqlite"}


def test_a_folder_dropped_on_the_window_is_imported(qtbot, lib_window, texts, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    folder = tmp_path / "call-of-4-march"
    folder.mkdir()
    (folder / "norvale.txt").write_text(texts["norvale"], encoding="utf-8")
    (folder / "ebria.txt").write_text(texts["ebria"], encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPointF(400, 400), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    wait_event(qtbot, lib_window, lambda: lib_window.dropEvent(drop))
    assert lib_window.windowTitle().startswith("call of 4 march")
    assert not lib_window.message.isVisible()


def test_a_read_only_library_opens_for_browsing_with_a_banner_and_editing_disabled(qtbot, tmp_path, unprivileged):
    """An archived library the analyst may not change: the window shows its events, says in a
    banner why nothing can be changed, and offers no edit (menus, context menus, renaming)."""
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    close_window(open_window(qtbot, url))  # made, with the samples, as a first run makes it
    (tmp_path / "archive.sqlite").chmod(0o444)
    try:
        with unprivileged():
            window = open_window(qtbot, url)
            try:
                front = window.library
                assert window.windowTitle().startswith(ROUHANI) and front.current is not None  # it is browsed
                assert sorted(front.browser.event_titles()) == sorted(title for title, _d, _f in bundled_samples())
                banner = front.browser.banner
                assert banner.isVisible() and "Read-only library" in banner.text() and "the file is read-only" in banner.text()
                for action in (front.import_action, front.link_action, front.tag_action, front.note_action,
                               front.reviewed_action, front.glossary_action, front.realign_action,
                               front.browser.rename_action, front.browser.delete_action):
                    assert not action.isEnabled(), action.text()
                claim = front.current.comparison.claims[0][0].id
                entries = [a.text() for a in front.claim_menu(claim).actions()]
                assert len(entries) == 1 and "read-only" in entries[0]
                assert titles_after_search(qtbot, window, "Astana") == [TEHRAN]  # searching still works
                window.grab().save(str(tmp_path / "read-only.png"))
            finally:
                close_window(window)
    finally:
        (tmp_path / "archive.sqlite").chmod(0o644)


def titles_after_search(qtbot, window, text):
    return search(qtbot, window, text)
