"""What the analyst sees in the comparison window: panes, cues, link map, selection, navigation,
the claims table, the summary strips, three accounts, and errors shown as messages."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from readout_compare.gui.comparison import cues
from readout_compare.core.reading import Reading, State
from readout_compare.gui.comparison.runner import AccountSource



def painted(window, qtbot):
    """Wait until every pane has been painted at its final size (claims are laid out at paint time)."""
    views = window.view.views()
    qtbot.waitUntil(lambda: views[0].viewport().height() > 200 and all(v.is_laid_out() for v in views))


def shown(window, qtbot, comparison):
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(comparison)
    painted(window, qtbot)
    return window.view


def open_files(window, qtbot, paths):
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
    painted(window, qtbot)
    return window.view


def test_each_account_gets_a_pane_with_its_label_source_and_claims(texts, window, qtbot, write_account):
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    view = open_files(window, qtbot, paths)
    comparison = window.reading.comparison
    assert [p.title.text() for p in view.panes] == ["Norvale foreign ministry", "Ebrian government"]
    assert "mfa.norvale.example" in view.panes[0].source.text()
    for k, pane in enumerate(view.panes):
        assert pane.view.claim_ids() == [c.id for c in comparison.claims[k]]
        # each claim is its own box, one below the other
        rects = [pane.view.claim_rect(c) for c in pane.view.claim_ids()]
        assert all(a.bottom() < b.top() for a, b in zip(rects, rects[1:]))
    # the fishermen are only in the Ebrian account, and the pane says so
    fishermen = next(c for c in comparison.claims[1] if "fishermen" in c.text)
    assert view.panes[1].view.state_of(fishermen.id) in (State.OMITTED, State.RELATED)
    assert "only in the Ebrian government account" in view.panes[1].view.caption_of(fishermen.id)


def test_each_claim_shows_its_relation_by_colour_and_by_mark(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    left, right = view.panes[0].view, view.panes[1].view
    expected = {"A1": State.MATCHED, "A2": State.CHANGED, "A3": State.CONFLICT, "A4": State.RELATED, "A5": State.OMITTED}
    assert {c: left.state_of(c) for c in expected} == expected
    assert right.state_of("B2") is State.CONFLICT
    assert "only in the Norvale account — left out by Ebria" in left.caption_of("A5")
    # the marks differ, so the cue survives grey-scale; and each is painted in the margin
    assert len({cues.CUES[s].mark for s in State}) == len(State)
    image = left.viewport().grab().toImage()
    for cid, state in expected.items():
        rect = left.visible_rect(cid)
        margin = [QColor(image.pixel(x, y)) for x in range(0, 24) for y in range(rect.top(), rect.top() + 20)]
        hue = cues.hue(state, left.palette())
        assert any(abs(c.red() - hue.red()) + abs(c.green() - hue.green()) + abs(c.blue() - hue.blue()) < 60 for c in margin), cid
    # differing words are highlighted inside the claim
    assert [(s.start, s.end) for s in window.reading.wording["A2"]]


def test_link_map_draws_a_band_per_counterpart_group_crossing_when_order_differs(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    link_map = view.link_maps[0]
    bands = link_map.bands()
    assert sorted((b.left, b.right) for b in bands) == [("A1", "B1"), ("A2", "B3"), ("A3", "B2")]
    assert all(not b.stub for b in bands)
    by_left = {b.left: b for b in bands}
    # A2 is above A3 on the left, but its counterpart B3 is below B2 on the right: the bands cross
    a2_left = by_left["A2"].path.pointAtPercent(0).y()
    a3_left = by_left["A3"].path.pointAtPercent(0).y()
    assert a2_left < a3_left
    right_edge = link_map.width() - 1
    assert by_left["A2"].path.contains(QPoint(right_edge, link_map._viewport_offset(view.panes[1].view) + view.panes[1].view.visible_rect("B3").center().y()))


def test_link_map_shows_a_stub_when_one_end_is_scrolled_away(window, qtbot, long_pair):
    view = shown(window, qtbot, long_pair)
    window.sync_action.trigger()  # off: scroll one pane alone
    assert not view.sync_enabled
    view.panes[1].view.verticalScrollBar().setValue(view.panes[1].view.verticalScrollBar().maximum())
    left, right = view.panes[0].view, view.panes[1].view
    bands = view.link_maps[0].bands()
    assert {b.stub for b in bands} == {"left", "right"}  # no full band: no pair is visible together
    for band in bands:
        shown_side, hidden = (left.is_visible(band.left), right.is_visible(band.right))
        assert (shown_side, hidden) == ((True, False) if band.stub == "left" else (False, True))
        assert band.path.boundingRect().width() < view.link_maps[0].width() / 2  # only a stub
    assert view.link_maps[0].visible_groups() == set()


def test_clicking_a_band_selects_its_group(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    link_map = view.link_maps[0]
    band = next(b for b in link_map.bands() if b.left == "A3")
    centre = band.path.boundingRect().center().toPoint()
    qtbot.mouseClick(link_map, Qt.MouseButton.LeftButton, pos=centre)
    assert view.panes[0].view.selection() == {"A3"} and view.panes[1].view.selection() == {"B2"}


def test_selecting_a_claim_brings_its_counterparts_into_view(window, qtbot, long_pair):
    view = shown(window, qtbot, long_pair)
    left, right = view.panes[0].view, view.panes[1].view
    window.sync_action.trigger()  # off, so only the selection can move the right pane
    left.scroll_to_claim("A46", 50)
    assert not right.is_visible("B46")
    rect = left.visible_rect("A46")
    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert left.selection() == {"A46"} and right.selection() == {"B46"}
    assert right.is_visible("B46")
    assert abs(right.visible_rect("B46").top() - left.visible_rect("A46").top()) <= 2  # level with it
    # the table follows the selection
    assert window.table.currentIndex().row() == window.proxy.mapFromSource(window.model.index(window.view.selected_group, 0)).row()


def test_next_and_previous_difference_follow_reading_order(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    reading = window.reading
    seen = []
    for _ in range(len(reading.differences)):
        window.next_action.trigger()
        seen.append(tuple(reading.groups[view.selected_group].claims))
    # matched A1/B1 is skipped; then A2/B3 (wording), A3/B2 (conflict), A4 (related), A5 (omitted), B4 (related)
    assert seen == [("A2", "B3"), ("A3", "B2"), ("A4",), ("A5",), ("B4",)]
    window.next_action.trigger()  # no further difference: the selection stays
    assert tuple(reading.groups[view.selected_group].claims) == ("B4",)
    window.previous_action.trigger()
    assert tuple(reading.groups[view.selected_group].claims) == ("A5",)
    assert window.next_action.shortcut().toString() == "Alt+Down"
    assert window.previous_action.shortcut().toString() == "Alt+Up"


def test_overview_strip_marks_differences_and_clicking_selects_one(window, qtbot, long_pair):
    view = shown(window, qtbot, long_pair)
    strip = view.panes[0].overview
    marks = strip.marks()
    assert len(marks) == 40  # 60 claims, every third matched
    cid, _state, rect = marks[-1]
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert view.panes[0].view.selection() == {cid}
    assert view.panes[0].view.is_visible(cid)


def test_claims_table_lists_groups_and_filters_omissions(window, qtbot, every_relation):
    shown(window, qtbot, every_relation)
    assert window.proxy.rowCount() == len(window.reading.groups) == 6
    assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Norvale"
    names = [window.filter.itemText(i) for i in range(window.filter.count())]
    window.filter.setCurrentIndex(names.index("Only omissions"))
    rows = [window.proxy.index(r, 1).data() + " | " + window.proxy.index(r, 2).data() for r in range(window.proxy.rowCount())]
    assert len(rows) == 3 and all("—" in r for r in rows)
    window.filter.setCurrentIndex(names.index("Only conflicts"))
    assert window.proxy.rowCount() == 1 and "three hours" in window.proxy.index(0, 1).data()
    # double-click jumps to the group
    index = window.proxy.index(0, 1)
    window.table.doubleClicked.emit(index)
    assert window.view.panes[0].view.selection() == {"A3"}


def test_claims_table_shows_what_one_account_alone_reports(window, qtbot, every_relation):
    shown(window, qtbot, every_relation)
    names = [window.filter.itemText(i) for i in range(window.filter.count())]
    window.filter.setCurrentIndex(names.index("Only in Ebria (left out by the others)"))
    assert [window.proxy.index(r, 2).data() for r in range(window.proxy.rowCount())] == [
        "B4 The Prime Minister raised the detained fishermen."
    ]
    window.filter.setCurrentIndex(names.index("Only in Norvale (left out by the others)"))
    assert window.proxy.rowCount() == 2


def test_claims_table_sorts_by_score(window, qtbot, every_relation):
    shown(window, qtbot, every_relation)
    window.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # Score
    assert window.proxy.index(0, 4).data() == "0.90"


def test_summary_strip_counts_each_account(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    left = view.panes[0].summary.text()
    right = view.panes[1].summary.text()
    assert "5 claims · <b>2</b> matched · <b>2</b> only here · <b>1</b> in conflict" in left
    assert "leaves out <b>1</b> claim of" in left  # B4
    assert "leaves out <b>2</b> claims" in right  # A4 and A5
    assert "words" in left


def test_three_accounts_get_three_panes_and_scroll_sideways_when_narrow(texts, window, qtbot, write_account):
    paths = [write_account("n.txt", texts["norvale"]), write_account("e.txt", texts["ebria"]), write_account("k.txt", texts["kestria"])]
    view = open_files(window, qtbot, paths)
    assert len(view.panes) == 3 and len(view.link_maps) == 2
    assert view.panes[2].title.text() == "Kestrian observer"
    window.resize(800, 700)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)


def test_unreadable_file_is_a_message_not_a_crash(texts, window, qtbot, write_account, tmp_path):
    good = write_account("norvale.txt", texts["norvale"])
    with qtbot.waitSignal(window.comparisonFailed, timeout=30_000):
        window.open_sources([AccountSource(path=str(good)), AccountSource(path=str(tmp_path / "missing.txt"))])
    assert "missing.txt: no such file" in window.message.text()
    empty = write_account("empty.txt", "   \n")
    with qtbot.waitSignal(window.comparisonFailed, timeout=30_000):
        window.open_sources([AccountSource(path=str(good)), AccountSource(path=str(empty))])
    assert "the account is empty" in window.message.text()
    # the window still works afterwards
    open_files(window, qtbot, [good, write_account("ebria.txt", texts["ebria"])])
    assert not window.message.text()


def test_a_late_result_is_dropped(texts, window, qtbot, write_account):
    first = [write_account("n.txt", texts["norvale"]), write_account("e.txt", texts["ebria"])]
    second = [write_account("n2.txt", texts["norvale"]), write_account("k.txt", texts["kestria"])]
    window.open_sources([AccountSource(path=str(p)) for p in first])
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in second])
    window.runner.wait()
    qtbot.wait(50)  # let any queued result arrive
    assert window.view.panes[1].title.text() == "Kestrian observer"
    assert window.runner.dropped == 1


def test_synchronised_scrolling_keeps_counterparts_level_and_never_bounces(window, qtbot, long_pair):
    view = shown(window, qtbot, long_pair)
    left, right = view.panes[0].view, view.panes[1].view
    bar = left.verticalScrollBar()
    for value in (0, 400, 1200, 2500, bar.maximum() // 2):
        bar.setValue(value)
        assert bar.value() == value  # the scrolled pane stays where the analyst put it
    # in mid-document the middle of the view is the sync point: the matched claim there is level
    bar.setValue(bar.maximum() // 2)
    middle = left.viewport().height() / 2 + bar.value()
    cid = left.claim_at(middle)
    if window.reading.state(cid) is State.MATCHED:
        other = window.reading.comparison.counterparts(cid, 1)[0].id
        assert abs(left.visible_rect(cid).top() - right.visible_rect(other).top()) < left.visible_rect(cid).height()
    # scrolling the right pane moves the left one, and the right one does not move back
    right.verticalScrollBar().setValue(300)
    assert right.verticalScrollBar().value() == 300
    assert bar.value() != bar.maximum() // 2
    # and with synchronisation off, the other pane stays put
    window.sync_action.trigger()
    before = bar.value()
    right.verticalScrollBar().setValue(900)
    assert bar.value() == before


def test_zoom_changes_the_claim_text_size(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    size = view.panes[0].view.font().pointSize()
    height = view.panes[0].view.content_height()
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    assert view.panes[0].view.font().pointSize() == size + 2
    assert view.panes[0].view.content_height() > height
    window.zoom_out_action.trigger()
    assert view.panes[0].view.font().pointSize() == size + 1


def test_every_action_is_in_a_menu_with_a_shortcut(window):
    in_menus = {a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    for action in (window.new_action, window.open_action, window.next_action, window.previous_action,
                   window.sync_action, window.zoom_in_action, window.zoom_out_action, window.table_action, window.quit_action):
        assert action in in_menus
        assert not action.shortcut().isEmpty(), action.text()


def test_reading_counts_what_each_account_leaves_out(every_relation):
    reading = Reading(every_relation)
    assert [c.id for c in every_relation.claims[1] if 0 in reading.missing_from(c.id)] == ["B4"]
    assert reading.summary(1).left_out == 2


def test_progress_shows_while_comparing_and_goes_when_done(window, qtbot, texts, write_account):
    paths = [write_account("n.txt", texts["norvale"]), write_account("e.txt", texts["ebria"])]
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
        assert window.progress_bar.isVisible()
    assert not window.progress_bar.isVisible()


def test_keyboard_moves_between_claims_and_copies_the_group(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    left = view.panes[0].view
    left.setFocus()
    qtbot.keyClick(left, Qt.Key.Key_Down)
    assert left.selection() == {"A1"}
    qtbot.keyClick(left, Qt.Key.Key_Down)
    assert left.selection() == {"A2"} and view.panes[1].view.selection() == {"B3"}
    window.copy_action.trigger()
    from PySide6.QtWidgets import QApplication

    copied = QApplication.clipboard().text()
    assert "Norvale (A2): They agreed to reopen the northern crossing." in copied
    assert "Ebria (B3): They discussed reopening the northern crossing." in copied


def test_qt_calls_do_not_leak_references_to_none(window):
    # PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call, and after tens
    # of thousands of calls (one layout of a long account) the interpreter aborted with
    # "none_dealloc". pyproject.toml excludes that release; this catches any other that does it.
    import sys

    before = sys.getrefcount(None)
    for _ in range(5_000):  # few enough that a leaking build fails here rather than aborting
        window.update()
    assert before - sys.getrefcount(None) < 1_000
    assert window.isVisible()


def test_the_window_follows_a_dark_palette(window, qtbot, every_relation):
    from PySide6.QtGui import QPalette

    view = shown(window, qtbot, every_relation)
    left = view.panes[0].view
    light = left.viewport().grab().toImage().pixelColor(left.visible_rect("A5").center().x(), left.visible_rect("A5").top() + 3)
    palette = window.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    window.setPalette(palette)
    qtbot.waitUntil(lambda: left.palette().color(QPalette.ColorRole.Base) == QColor("#1e1e1e"))
    dark = left.viewport().grab().toImage().pixelColor(left.visible_rect("A5").center().x(), left.visible_rect("A5").top() + 3)
    assert dark.lightness() < 100 < light.lightness()  # the omission's tint is laid on the dark base


def test_each_pane_marks_where_it_leaves_out_what_another_account_reports(window, qtbot, every_relation):
    view = shown(window, qtbot, every_relation)
    left, right = view.panes[0].view, view.panes[1].view
    [norvale_gap] = left.gap_boxes()
    assert (norvale_gap.gap.after, norvale_gap.gap.claims) == ("A2", ("B4",))
    assert norvale_gap.text.endswith("not reported here: 1 claim of the Ebria account (B4)")
    # drawn between A2 and the next claim of Norvale, A3
    assert left.claim_rect("A2").bottom() < norvale_gap.top < left.claim_rect("A3").top()
    [ebria_gap] = right.gap_boxes()
    assert (ebria_gap.gap.after, ebria_gap.gap.claims) == ("B2", ("A4", "A5"))
    assert "2 claims of the Norvale account (A4–A5)" in ebria_gap.text
    # clicking the gap goes to what was left out
    y = norvale_gap.top - left.verticalScrollBar().value() + norvale_gap.height // 2
    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(200, y))
    assert right.selection() == {"B4"} and right.is_visible("B4")


def test_a_long_account_is_painted_first_and_laid_out_exactly_soon_after(window, qtbot, build):
    n = 1500
    long = build(
        [("Norvale", [f"Norvale sentence {i} about topic {i}, long enough to need a second line in a narrow pane at times." for i in range(n)]),
         ("Ebria", [f"Ebria sentence {i} about topic {i}." for i in range(n)])],
        [(f"A{i + 1}", f"B{i + 1}", "match", []) for i in range(0, n, 2)],
    )
    window.show_comparison(long)
    left, right = (pane.view for pane in window.view.panes)
    qtbot.waitUntil(lambda: left._exact > 0)
    assert not left.is_laid_out()  # only the top of the account was laid out for the first paint
    # Going far down shows the claim and its counterpart at once, without laying out every claim
    # above first (the background layout gets there), and they stay where the analyst sees them
    # while it does, in both panes.
    far = f"A{n - 99}"
    window.comparison.go_to_claim(far)
    assert left._exact < n - 100 - left.FAR  # the claims above were left to the background layout
    assert left.is_wholly_visible(far) and right.is_wholly_visible(f"B{n - 99}")
    on_screen = (left.visible_rect(far), right.visible_rect(f"B{n - 99}"))
    qtbot.waitUntil(lambda: left.is_laid_out() and right.is_laid_out())
    assert (left.visible_rect(far), right.visible_rect(f"B{n - 99}")) == on_screen
    rects = [left.claim_rect(c) for c in left.claim_ids()]
    assert all(a.bottom() < b.top() for a, b in zip(rects, rects[1:]))
    assert left.content_height() > rects[-1].bottom()


def test_a_long_comparisons_table_fills_in_slices_and_the_group_selected_meanwhile_gets_its_row(window, qtbot, long_pair, monkeypatch):
    from readout_compare.gui.comparison.table import GroupTableModel

    monkeypatch.setattr(GroupTableModel, "ROWS_AT_ONCE", 10, raising=False)
    groups = len(Reading(long_pair).groups)
    assert groups > 30
    at_shown = []

    def shown_now():
        at_shown.append(window.model.rowCount())
        window.view.select_group(groups - 1)  # the last group, which has no row yet

    window.comparisonShown.connect(shown_now)
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(long_pair)
    assert at_shown == [10]  # the first slice; the rest come on later turns of the event loop
    qtbot.waitUntil(lambda: window.model.rowCount() == groups)
    assert window.proxy.rowCount() == groups
    [row] = window.table.selectionModel().selectedRows()
    assert window.proxy.mapToSource(row).row() == groups - 1


def test_dropping_account_files_compares_them(window, qtbot, texts, write_account):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    paths = [write_account("n.txt", texts["norvale"]), write_account("e.txt", texts["ebria"])]
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.dropEvent(drop)
    assert [p.title.text() for p in window.view.panes] == ["Norvale foreign ministry", "Ebrian government"]


PERSIAN = ["رئیس جمهور روحانی با رئیس جمهور فرانسه تلفنی گفتگو کرد.", "دو طرف درباره برجام صحبت کردند."]
ENGLISH = ["President Macron spoke by telephone with President Rouhani.", "They discussed the nuclear agreement."]


def ink_columns(image, rect):
    """The x positions (within rect) of the pixels darker than the box's fill: where the text is."""
    xs = []
    for x in range(rect.left() + 30, rect.right() - 4):
        for y in range(rect.top() + 4, rect.top() + 18):
            if QColor(image.pixel(x, y)).lightness() < 90:
                xs.append(x - rect.left())
                break
    return xs


def test_a_right_to_left_claim_keeps_its_direction_in_the_pane_and_the_table(window, qtbot, build):
    """A Persian claim is set against the right edge of its box (its full stop on the left), as the
    HTML briefing shows it; an English one against the left edge. In the claims table each claim is
    its own bidi isolate, so the Latin id before it does not turn it left to right."""
    view = shown(window, qtbot, build([("ریاست جمهوری", PERSIAN), ("Élysée", ENGLISH)], [("A2", "B2", "match", [])]))
    persian, english = view.views()
    for pane, claim, right in ((persian, "A1", True), (english, "B1", False)):
        image = pane.viewport().grab().toImage()
        rect = pane.visible_rect(claim)
        ink = ink_columns(image, rect)
        assert ink, f"no text painted in {claim}"
        middle = rect.width() / 2
        if right:
            assert min(ink) > middle * 0.6 and max(ink) > rect.width() - 40
        else:
            assert min(ink) < 60 and max(ink) < rect.width() - 40
    model = window.table.model().sourceModel() if hasattr(window.table.model(), "sourceModel") else window.table.model()
    shown_text = model.data(model.index(0, 1))
    assert shown_text == f"A1 \u2068{PERSIAN[0]}\u2069"
    assert model.cell_text(0, 1) == f"A1 {PERSIAN[0]}"  # what is searched, sorted and copied stays plain


def test_an_encoding_assumed_while_reading_is_said_in_the_status_bar(texts, window, qtbot, write_account):
    """A Kremlin page saved in windows-1251 is read right, and the window says which encoding was assumed."""
    kremlin = write_account("kremlin.txt", "Президент России провёл телефонный разговор с Президентом Франции. Обсуждались вопросы двусторонних отношений.\n", encoding="cp1251")
    other = write_account("ebria.txt", texts["ebria"])
    open_files(window, qtbot, [kremlin, other])
    assert window.view.panes[0].title.text() == "kremlin"
    assert "Президент России" in window.reading.comparison.accounts[0].text
    message = window.statusBar().currentMessage()
    assert "kremlin.txt: not UTF-8; read as windows-1251 (Cyrillic)" in message
