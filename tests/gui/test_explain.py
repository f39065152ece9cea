"""Each link explains itself: hovering a claim, a link-map band or the claims table's differences
says the relation, score, kinds of difference and the reasons, in plain words; a conflict's
reason is written under the claim in its pane."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from readout_compare.core.explain import describe
from readout_compare.core.model import Claim, Reason, Relation
from readout_compare.gui.comparison import cues, explain
from readout_compare.core.reading import State
from readout_compare.gui.comparison.runner import AccountSource


@pytest.fixture
def engine_pair(window, qtbot, texts, write_account):
    """The engine's own comparison of the Norvale and Ebria accounts (three hours / forty minutes)."""
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
    views = window.view.views()
    qtbot.waitUntil(lambda: views[0].viewport().height() > 200 and all(v.is_laid_out() for v in views))
    return window.reading.comparison


def conflict_of(comparison):
    return next(link for link in comparison.links if link.relation is Relation.CONFLICT)


def hover(widget, pos: QPoint) -> str:
    """Send the tooltip event a resting mouse would, and return what the tooltip shows."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_a_conflicting_claim_says_why(window, engine_pair):
    link = conflict_of(engine_pair)
    left = link.claims[0]
    view = window.view.panes[0].view
    view.scroll_to_claim(left)
    rect = view.visible_rect(left)
    shown = explain.plain_text(hover(view.viewport(), rect.center()))
    assert f"{left}: conflict" in shown
    assert "≠ conflict: the accounts contradict each other" in shown
    assert "similarity 0.22" in shown or f"score {link.score:.2f}" in shown
    assert "Why a conflict: duration differs: 3 hours vs 40 minutes" in shown
    assert "numbers or dates differ: three / forty" in shown  # the kind, with what changed
    assert "shared words: lasted" in shown and "similarity" in shown
    assert "matched by: lexical" in shown


def test_hovering_a_matched_claim_explains_the_match(window, engine_pair):
    a3 = next(c for c in engine_pair.claims[0] if "reopen" in c.text)
    shown = explain.plain_text(window.view.panes[0].view.tooltip(a3.id))
    assert "= match: the accounts make the same claim" in shown
    assert "commitment level changed: agreed / discussed" in shown
    # the engine's stems and synonym groups are shown as the claims' own words
    assert "reopen / reopening" in shown and "crossing" in shown


def test_a_conflicts_reason_is_written_under_the_claim(window, engine_pair, qtbot):
    link = conflict_of(engine_pair)
    for k, claim in enumerate(link.claims):
        view = window.view.panes[k].view
        assert view.detail_of(claim) == "≠ duration differs: 3 hours vs 40 minutes"
    # claims that do not conflict have no such line
    matched = next(c for c in engine_pair.claims[0] if window.reading.state(c.id) is not State.CONFLICT)
    assert window.view.panes[0].view.detail_of(matched.id) == ""
    # ...and the line is painted: the conflict's colour appears in the row between text and caption
    view = window.view.panes[0].view
    view.scroll_to_claim(link.claims[0], 0)
    rect = view.visible_rect(link.claims[0])
    line_height = view._caption_height
    image = view.viewport().grab().toImage()
    row_top = rect.bottom() - 6 - 2 * line_height
    hue = cues.hue(State.CONFLICT, view.palette())

    def near(c: QColor) -> bool:
        return abs(c.red() - hue.red()) < 40 and abs(c.green() - hue.green()) < 40 and abs(c.blue() - hue.blue()) < 40

    ratio = image.devicePixelRatio()
    coloured = sum(
        1 for y in range(row_top, row_top + line_height) for x in range(rect.left() + 10, rect.right() - 10, 2)
        if near(image.pixelColor(int(x * ratio), int(y * ratio)))
    )
    assert coloured > 20, "the conflict's reason should be painted in the conflict colour"


def test_hovering_a_link_map_band_explains_the_link(window, engine_pair, qtbot):
    link_map = window.view.link_maps[0]
    link = conflict_of(engine_pair)
    band = next(b for b in link_map.bands() if not b.stub and (b.left, b.right) == link.claims)
    middle = link_map.width() // 2
    pos = next(QPoint(middle, y) for y in range(link_map.height()) if band.path.contains(QPointF(middle, y)))
    shown = explain.plain_text(hover(link_map, pos))
    assert f"{link.claims[0]} (Norvale foreign ministry) ↔ {link.claims[1]} (Ebrian government)" in shown
    assert "Why a conflict: duration differs" in shown
    # off every band, no tooltip
    empty = next(QPoint(middle, y) for y in range(link_map.height() - 1, 0, -1)
                 if not any(b.path.contains(QPointF(middle, y)) for b in link_map.bands()))
    QApplication.sendEvent(link_map, QHelpEvent(QEvent.Type.ToolTip, empty, link_map.mapToGlobal(empty)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_claims_table_shows_kinds_and_explains_them(window, engine_pair):
    model = window.model
    n = len(engine_pair.accounts)
    kinds_column = n + 4
    assert model.headerData(kinds_column, window.table.horizontalHeader().orientation()) == "Differences"
    conflict = conflict_of(engine_pair)
    row = window.reading.group_of(conflict.claims[0])
    index = model.index(row, kinds_column)
    assert "conflict" in model.data(index) and "numbers" in model.data(index)
    tip = explain.plain_text(model.data(index, 3))  # Qt.ToolTipRole
    assert "Why a conflict: duration differs: 3 hours vs 40 minutes" in tip
    omitted = next(c for c in engine_pair.claims[1] if "fishermen" in c.text)
    tip = explain.plain_text(model.data(model.index(window.reading.group_of(omitted.id), kinds_column), 3))
    assert "No counterpart in another account" in tip


def test_tooltips_escape_account_text(window, qtbot, build):
    comparison = build(
        [("<b>Norvale</b>", ["They agreed <img src=x onerror=alert(1)> to meet.", "Alone <i>here</i>."]),
         ("Ebria", ["They discussed <img src=x onerror=alert(1)> meeting.", "Other."])],
        [("A1", "B1", "match", [("A1", "agreed"), ("B1", "discussed")])],
    )
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(comparison)
    tip = window.view.panes[0].view.tooltip("A1")
    assert "<b>Norvale</b>" not in tip and "&lt;b&gt;Norvale&lt;/b&gt;" in tip
    assert "<img" not in tip
    cell = window.model.data(window.model.index(window.reading.group_of("A2"), 1), 3)
    assert "<i>" not in cell and "&lt;i&gt;here&lt;/i&gt;" in cell


def claim(text: str, k: int = 0, speaker: str = "") -> Claim:
    return Claim(f"{'AB'[k]}1", k, 0, 0, len(text), text, speaker=speaker)


@pytest.mark.parametrize("kind, left, right, expected", [
    ("commitment", "The ministers agreed to resume talks.", "The ministers discussed resuming talks.", "commitment level changed: agreed / discussed"),
    ("modality", "Iran must release the crew.", "Iran should release the crew.", "modality softened or hardened: must / should"),
    ("tone", "The talks were candid.", "The talks were constructive.", "tone words differ: candid / constructive"),
    ("numbers", "Four fishermen were detained.", "Six fishermen were detained.", "numbers or dates differ: four / six"),
    ("numbers", "The two leaders met for 3 hours.", "The two leaders met until 5.", "numbers or dates differ: 3 / 5"),
    ("scope", "They discussed energy and infrastructure.", "They discussed energy infrastructure.", "scope narrowed or widened"),
])
def test_each_difference_kind_in_plain_words(kind, left, right, expected):
    assert explain.kind_detail(kind, claim(left), claim(right, 1)) == expected


def test_attribution_names_both_speakers():
    a, b = claim("Rouhani said Iran would stay.", 0, "Rouhani"), claim("Macron said Iran would stay.", 1, "Macron")
    assert explain.kind_detail("attribution", a, b) == "attributed to someone else: Rouhani / Macron"


def test_reasons_in_plain_words():
    a, b = claim("The nuclear deal must be kept."), claim("The JCPOA must be kept.", 1)
    assert describe(Reason("glossary", ("JCPOA",)), a, b) == "the glossary treats as the same: JCPOA"
    assert describe(Reason("similarity", score=0.41), a, b).startswith("similarity 0.41 (0 = nothing in common")
    assert describe(Reason("contradiction", text="who initiated differs: x"), a, b) == "who initiated differs: x"
    # what an older version stored, one string a reason, reads the same
    assert describe(Reason.from_data("glossary: JCPOA"), a, b) == "the glossary treats as the same: JCPOA"
