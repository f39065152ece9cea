"""Find in every account, step through one kind of group, and review the engine's links least sure
first — in the window built by ``build_window(db=URL)``, driven with the keys an analyst presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from library_window import ROUHANI, close_window, wait_event

NORVALE_EBRIA = "Norvale–Ebria leaders' phone call (synthetic, fictional countries)"


@pytest.fixture
def win(qtbot, tmp_path):
    from readout_compare.gui.app import build_window

    window = build_window(db=f"sqlite:///{tmp_path / 'library.sqlite'}", seed=True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.library.eventShown, timeout=30_000):
        window.library.start(open_last=True)  # the Rouhani–Macron sample, the first time
    assert window.windowTitle().startswith(ROUHANI)
    yield window
    close_window(window)


def action(window, text: str) -> QAction:
    found = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    assert found, f"no action named {text!r}"
    return found[0]


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the analyst's focus is (the find field, a pane...)."""
    target = window.focusWidget() or window.view.panes[0].view
    qtbot.keyClick(target, key, modifiers)


def open_event(qtbot, window, title: str) -> None:
    event_id = next(e.id for e in window.library.browser.events if e.title == title)
    wait_event(qtbot, window, lambda: window.library.open_event(event_id))
    qtbot.waitUntil(lambda: window.model.reading is window.reading, timeout=10_000)


def wholly_in_view(window, claim_id: str) -> bool:
    """The claim's box lies inside its pane's viewport, and the pane inside the window's view of the panes."""
    comparison = window.reading.comparison
    pane = window.view.panes[comparison.claim(claim_id).account]
    rect = pane.view.visible_rect(claim_id)
    inside_pane = rect.top() >= 0 and rect.bottom() <= pane.view.viewport().height()
    left = pane.mapTo(window.view.viewport(), pane.rect().topLeft()).x()
    inside_window = left >= 0 and left + pane.width() <= window.view.viewport().width()
    return inside_pane and inside_window


def selected_claims(window) -> tuple[str, ...]:
    return window.reading.groups[window.view.selected_group].claims


# -- find ---------------------------------------------------------------------------------------------
def test_find_highlights_and_counts_the_claims_and_f3_moves(qtbot, win):
    comparison = win.reading.comparison
    press(qtbot, win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.comparison.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "iran")  # lower case: the accounts write "Iran", "Iranian"
    expected = [c.id for c in comparison.all_claims() if "iran" in c.text.lower()]
    assert len(expected) > 3
    assert bar.count.text() == f"1 of {len(expected)}"
    for k, view in enumerate(win.view.views()):
        found = view.found()
        assert sorted(found) == sorted(c for c in expected if comparison.claim(c).account == k)
        for cid, ranges in found.items():
            text = comparison.claim(cid).text
            assert all(text[a:b].lower() == "iran" for a, b in ranges)
    assert expected[0] in selected_claims(win)
    press(qtbot, win, Qt.Key.Key_F3)
    assert bar.count.text() == f"2 of {len(expected)}"
    assert expected[1] in selected_claims(win) and wholly_in_view(win, expected[1])
    press(qtbot, win, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"1 of {len(expected)}"
    press(qtbot, win, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # round to the last
    assert bar.count.text() == f"{len(expected)} of {len(expected)}"
    # the table, filtered to the groups found
    bar.filter_box.setChecked(True)
    groups = {win.reading.group_of(c) for c in expected}
    assert {win.proxy.mapToSource(win.proxy.index(r, 0)).row() for r in range(win.proxy.rowCount())} == groups
    press(qtbot, win, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert all(not view.found() for view in win.view.views())
    assert win.proxy.rowCount() == len(win.reading.groups)


def test_find_says_when_nothing_is_found(qtbot, win):
    action(win, "Find…").trigger()
    qtbot.keyClicks(win.comparison.find_bar.field, "fishermen")
    assert win.comparison.find_bar.count.text() == "No claim has this"
    assert all(not view.found() for view in win.view.views())


def test_a_long_comparison_is_indexed_off_the_gui_thread(qtbot, win, monkeypatch):
    from readout_compare.gui.comparison import room

    monkeypatch.setattr(room, "FIND_IN_BACKGROUND", 0)  # as if the sample were long
    action(win, "Find…").trigger()
    bar = win.comparison.find_bar
    qtbot.keyClicks(bar.field, "macron")
    assert bar.count.text() == "Searching…"
    expected = [c.id for c in win.reading.comparison.all_claims() if "macron" in c.text.lower()]
    qtbot.waitUntil(lambda: bar.count.text() == f"1 of {len(expected)}", timeout=10_000)
    assert expected[0] in selected_claims(win)


def test_in_a_long_comparison_find_searches_once_the_analyst_pauses_typing(qtbot, win, monkeypatch):
    from readout_compare.core.find import ClaimFinder
    from readout_compare.gui.comparison import room

    monkeypatch.setattr(room, "FIND_PAUSE_ABOVE", 0, raising=False)  # as if the sample were long
    searched = []
    find = ClaimFinder.find
    monkeypatch.setattr(ClaimFinder, "find", lambda self, text: searched.append(text) or find(self, text))
    action(win, "Find…").trigger()
    bar = win.comparison.find_bar
    qtbot.keyClicks(bar.field, "macron")
    assert searched == [] and bar.count.text() == ""  # not at every keystroke
    expected = [c.id for c in win.reading.comparison.all_claims() if "macron" in c.text.lower()]
    qtbot.waitUntil(lambda: bar.count.text() == f"1 of {len(expected)}", timeout=10_000)
    assert searched == ["macron"]
    assert expected[0] in selected_claims(win)
    qtbot.keyClicks(bar.field, " said")
    press(qtbot, win, Qt.Key.Key_Return)  # Enter before the pause: what was typed is found, then the next
    assert searched == ["macron", "macron said"]


# -- navigation by kind --------------------------------------------------------------------------------
def test_go_menu_steps_through_conflicts_and_each_is_in_view_in_every_pane(qtbot, win):
    open_event(qtbot, win, NORVALE_EBRIA)
    reading = win.reading
    conflicts = reading.conflicts
    assert len(conflicts) >= 3
    press(qtbot, win, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Next conflict
    seen = [win.view.selected_group]
    for _ in conflicts[1:]:
        press(qtbot, win, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        seen.append(win.view.selected_group)
        assert all(wholly_in_view(win, c) for c in selected_claims(win))
    assert seen == list(conflicts)
    press(qtbot, win, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)  # Previous conflict
    assert win.view.selected_group == conflicts[-2]
    # the claims table follows with that one row selected (Shift held does not extend its selection)
    assert [win.proxy.mapToSource(i).row() for i in win.table.selectionModel().selectedRows()] == [conflicts[-2]]
    assert all(wholly_in_view(win, c) for c in selected_claims(win))


def test_omissions_first_and_last_difference(qtbot, win):
    reading = win.reading
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)  # Previous omission, from nothing: the last
    assert win.view.selected_group == reading.omission_groups[-1]
    assert all(wholly_in_view(win, c) for c in selected_claims(win))
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # no omission after the last
    assert win.view.selected_group == reading.omission_groups[-1]
    assert "No more omissions" in win.statusBar().currentMessage()
    press(qtbot, win, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert win.view.selected_group == reading.differences[0]
    press(qtbot, win, Qt.Key.Key_End, Qt.KeyboardModifier.AltModifier)
    assert win.view.selected_group == reading.differences[-1]
    assert all(wholly_in_view(win, c) for c in selected_claims(win))


def test_the_menus_name_the_actions(win):
    menus = {m.title().replace("&", ""): [a.text().replace("&", "") for a in m.actions()] for m in (a.menu() for a in win.menuBar().actions())}
    assert {"Next conflict", "Previous conflict", "Next omission", "Previous omission", "Next unreviewed", "Previous unreviewed",
            "First difference", "Last difference", "Next difference", "Previous difference"} <= set(menus["Go"])
    assert {"Find…", "Accept link", "Reject link"} <= set(menus["Edit"])


# -- review ---------------------------------------------------------------------------------------------
def review_rows(window) -> list[int]:
    return [window.proxy.mapToSource(window.proxy.index(r, 0)).row() for r in range(window.proxy.rowCount())]


def start_review(qtbot, window) -> None:
    window.filter.setCurrentText("To review (least sure first)")
    qtbot.waitUntil(lambda: window.view.selected_group is not None, timeout=5_000)


def groups_to_review(window) -> int:
    """The groups an engine link touches, counted from the comparison: a pair's group, and the
    groups at both ends of a related link."""
    reading = window.reading
    return len({reading.group_of(c) for link in reading.comparison.links if not link.by_analyst for c in link.claims})


def test_the_review_filter_shows_the_groups_least_sure_first(qtbot, win):
    reading = win.reading
    header = win.comparison.review_label
    total = groups_to_review(win)
    assert total >= 5  # the sample's pairs and both ends of each related link
    assert header.text() == f"0 of {total} groups reviewed"
    start_review(qtbot, win)
    rows = review_rows(win)
    review = reading.review
    assert sorted(rows) == sorted(review.order) and len(rows) == total
    confidences = [review.current_link(g).confidence for g in rows]
    assert confidences == sorted(confidences) and confidences[0] < confidences[-1]
    assert win.view.selected_group == rows[0]  # the least sure, selected
    column = win.model.columnCount() - 2
    assert win.model.headerData(column, Qt.Orientation.Horizontal) == "Confidence"
    assert win.proxy.index(0, column).data() == f"{confidences[0]:.2f}"
    assert win.proxy.index(len(rows) - 1, column).data() == ">0.99"  # a probability never shown as certainty


def judge(qtbot, window, key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    with qtbot.waitSignal(window.library.eventShown, timeout=30_000):
        press(qtbot, window, key, modifiers)


def test_one_key_accepts_the_least_sure_link_and_undo_reverts_it(qtbot, win):
    total = groups_to_review(win)
    start_review(qtbot, win)
    header = win.comparison.review_label
    first = win.reading.review.current_link(win.view.selected_group)  # the least sure link, selected
    sure = sorted(win.reading.review.current_link(g).confidence for g in win.reading.review.order)
    assert first.confidence == sure[0]
    ends = 2 if first.relation.value == "related" else 1  # a related link: the groups at both its ends
    judge(qtbot, win, Qt.Key.Key_Return)  # Accept link
    shown = win.reading.comparison.link_between(*first.claims)
    assert shown.by_analyst and shown.relation is first.relation
    assert [(j.kind, j.value, j.claims) for j in win.library.current.stored.judgements] == [("link", first.relation.value, first.claims)]
    assert header.text() == f"{ends} of {total} groups reviewed"
    second = win.reading.review.current_link(win.view.selected_group)  # on to the next least sure link
    assert second.claims != first.claims and set(selected_claims(win)) <= set(second.claims)
    assert second.confidence >= first.confidence
    judge(qtbot, win, Qt.Key.Key_Return)
    assert win.reading.comparison.link_between(*second.claims).by_analyst
    after_two = header.text()
    assert after_two != f"{ends} of {total} groups reviewed"
    judge(qtbot, win, Qt.Key.Key_Z)  # Undo
    assert header.text() == f"{ends} of {total} groups reviewed"
    assert not win.reading.comparison.link_between(*second.claims).by_analyst
    judge(qtbot, win, Qt.Key.Key_Z)
    assert not win.reading.comparison.link_between(*first.claims).by_analyst
    assert win.library.current.stored.judgements == ()
    assert header.text() == f"0 of {total} groups reviewed"


def band_between(window, a: str, b: str):
    return next((band for link_map in window.view.link_maps for band in link_map.bands()
                 if (band.left, band.right) == (a, b) and not band.stub), None)


def test_a_link_the_analyst_accepted_is_marked_on_its_band_and_in_the_tooltips(qtbot, win):
    start_review(qtbot, win)
    win.comparison.go_to_claim("A7")
    band = band_between(win, "A7", "B6")
    assert band is not None and not band.accepted
    judge(qtbot, win, Qt.Key.Key_Return)  # accepts the selected group's link, A7 — B6, as the engine made it
    assert win.reading.comparison.link_between("A7", "B6").by_analyst
    win.comparison.go_to_claim("A7")
    band = band_between(win, "A7", "B6")
    assert band.accepted
    link_map = next(m for m in win.view.link_maps if band in m.bands())
    assert "accepted by the analyst" in link_map.tooltip(band)
    assert "accepted by the analyst" in win.view.panes[0].view.tooltip("A7")
    # the ✓ is painted on the band: its disc is filled with the base colour, unlike the band around it
    image = link_map.grab().toImage()
    centre = link_map.accepted_mark(band).center().toPoint()
    assert image.pixelColor(centre.x() - 4, centre.y() - 4) == link_map.palette().color(link_map.palette().ColorRole.Base)
    judge(qtbot, win, Qt.Key.Key_Z)  # Undo: the engine's word alone again
    win.comparison.go_to_claim("A7")
    assert not band_between(win, "A7", "B6").accepted
    assert "accepted by the analyst" not in win.view.panes[0].view.tooltip("A7")


def test_one_key_rejects_a_link_and_the_total_stays(qtbot, win):
    total = groups_to_review(win)
    start_review(qtbot, win)
    header = win.comparison.review_label
    least = win.reading.review.current_link(win.view.selected_group)  # the least sure link, selected
    ends = 2 if least.relation.value == "related" else 1
    judge(qtbot, win, Qt.Key.Key_Delete)  # Reject link
    assert win.reading.comparison.link_between(*least.claims) is None
    assert [(j.kind, j.claims) for j in win.library.current.stored.judgements] == [("unlink", least.claims)]
    assert header.text() == f"{ends} of {total} groups reviewed"  # reviewed, and still counted
    assert win.reading.review.order and win.view.selected_group == win.reading.review.order[0]
    judge(qtbot, win, Qt.Key.Key_Z)
    assert win.reading.comparison.link_between(*least.claims) is not None
    assert header.text() == f"0 of {total} groups reviewed"


def test_accepting_without_a_link_to_review_says_so(qtbot, win):
    win.comparison.go_to_claim("A2")  # an omission: no link
    win.comparison.claimClicked.emit("A2")
    action(win, "Accept link").trigger()
    assert "Nothing to review in this group" in win.statusBar().currentMessage()
    assert win.library.undo_stack.count() == 0
