"""A comparison replaced by another is freed a slice at a time on the window's later turns
(gui.release): never all at once in the turn that shows the new one, and never kept."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QTimer

from readout_compare.core.reading import Reading
from readout_compare.gui import release as releasing
from readout_compare.gui.release import release


def test_a_replaced_comparison_and_its_laid_out_claims_are_freed_on_later_turns(window, qtbot, long_pair, every_relation):
    first = Reading(long_pair)
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(first)
    views = window.view.views()
    qtbot.waitUntil(lambda: all(v.is_laid_out() for v in views))
    gone = weakref.ref(first)
    layout = views[0]._boxes[0].layout  # a claim's Qt text layout
    assert layout is not None
    layout_gone = weakref.ref(layout)
    del first, layout

    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(every_relation)
        # not freed in the turn that shows the new comparison (a long one's took 15 ms a pane)
        assert layout_gone() is not None
    assert window.reading.comparison is every_relation
    qtbot.waitUntil(lambda: not releasing.releasing(), timeout=10_000)
    gc.collect()  # anything left in a cycle (the collector's own business, not the releaser's)
    assert gone() is None and layout_gone() is None


def test_what_is_still_held_elsewhere_is_left_to_its_holder(qtbot):
    kept = [list(range(1000))]
    release(kept)
    QTimer.singleShot(0, lambda: None)
    qtbot.waitUntil(lambda: not releasing.releasing(), timeout=10_000)
    assert kept == [list(range(1000))]  # nothing taken from a list someone still holds
