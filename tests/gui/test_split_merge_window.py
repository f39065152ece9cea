"""Splitting and merging claims by hand in the window: from a claim's context menu (or a table
row's), the Split claim dialog, the panes showing the analyst's claims after the event is aligned
again, Undo putting them back, and a re-alignment keeping them."""

from __future__ import annotations

from library_window import close_window, library_url, wait_event, wait_step  # noqa: F401
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from readout_compare.gui.app import build_window
from readout_compare.gui.library.split_dialog import SplitDialog

FORCES = "Iranian forces went to Iraq and Syria because Baghdad and Damascus asked for them, Dr. Rouhani said,"
TERRORISTS = "and they are there to fight terrorists."


def action(menu, text):
    found = [a for a in menu.actions() if a.text() == text]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def window_on(qtbot, url):
    window = build_window(db=url, seed=True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.library.eventShown, timeout=30_000):
        window.library.start(open_last=True)  # the Rouhani–Macron sample, stored
    return window


def pane_texts(window, account=0):
    comparison = window.reading.comparison
    return [comparison.claim(cid).text for cid in window.view.panes[account].view.claim_ids()]


def claim_saying(window, text):
    return next(c for c in window.reading.comparison.all_claims() if c.text.startswith(text))


def answer_split_dialog(qtbot, seen):
    """When the Split claim dialog opens, note what it offers and press Split."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SplitDialog):
            QTimer.singleShot(20, answer)
            return
        seen["pieces"] = dialog.pieces()
        seen["first"], seen["second"] = dialog.first.text(), dialog.second.text()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_splitting_a_claim_from_its_menu_shows_two_boxes_undo_one_and_re_alignment_keeps_it(qtbot, library_url):
    window = window_on(qtbot, library_url)
    front = window.library
    whole = claim_saying(window, FORCES)
    before = pane_texts(window)
    assert whole.text == f"{FORCES} {TERRORISTS}" and whole.text in before

    seen: dict = {}
    answer_split_dialog(qtbot, seen)
    wait_step(qtbot, window, action(front.claim_menu(whole.id), "Split claim…").trigger)
    # the dialog started at the clause boundary, and showed the two claims it would make
    assert seen["pieces"] == (FORCES, TERRORISTS)
    assert seen["first"] == f"1. {FORCES}" and seen["second"] == f"2. {TERRORISTS}"
    after = pane_texts(window)
    assert len(after) == len(before) + 1
    assert after[before.index(whole.text):][:2] == [FORCES, TERRORISTS]  # two boxes where there was one
    assert f"split {whole.id} after “Rouhani said,”" in front.panel.made_texts()
    assert front.undo_action.text() == f"&Undo Split {whole.id}"

    wait_step(qtbot, window, front.undo_action.trigger)  # Edit ▸ Undo (Ctrl+Z)
    assert pane_texts(window) == before and front.panel.made_texts() == []
    wait_step(qtbot, window, front.redo_action.trigger)
    assert pane_texts(window) == after

    wait_event(qtbot, window, front.realign_action.trigger)  # Tools ▸ Re-align event
    assert pane_texts(window) == after
    assert front.panel.orphaned_texts() == []
    close_window(window)


def test_merging_a_claim_with_the_next_from_the_claims_table_and_undoing_it(qtbot, library_url):
    window = window_on(qtbot, library_url)
    front = window.library
    first = claim_saying(window, FORCES)
    following = window.reading.comparison.claims[0][first.index + 1]
    before = pane_texts(window)
    row = window.reading.groups[window.reading.group_of(first.id)].claims  # a row of the claims table: one claim
    wait_step(qtbot, window, action(front.group_menu(row), "Merge with next claim").trigger)
    after = pane_texts(window)
    assert len(after) == len(before) - 1
    merged = claim_saying(window, FORCES)
    assert merged.text.startswith(first.text) and merged.text.endswith(following.text) and merged.text in after
    assert f"merged {first.id} + {following.id}" in front.panel.made_texts()
    wait_step(qtbot, window, front.undo_action.trigger)
    assert pane_texts(window) == before
    close_window(window)


def test_the_last_claim_of_an_account_offers_no_merge(qtbot, library_url):
    window = window_on(qtbot, library_url)
    last = window.reading.comparison.claims[1][-1]
    menu = window.library.claim_menu(last.id)
    assert not action(menu, "Merge with next claim").isEnabled()
    assert action(menu, "Split claim…").isEnabled()
    close_window(window)
