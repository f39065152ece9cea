"""The legend stays readable whatever the window's width: entries wrap instead of being cut off."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from readout_compare.gui.comparison.legend import Legend


def test_every_legend_entry_is_whole_in_a_narrow_window(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    legend = Legend()
    column = QVBoxLayout(host)
    column.addWidget(legend)
    column.addStretch(1)  # as in the window, the panes below take the spare height
    host.resize(1600, 200)
    host.show()
    qtbot.waitExposed(host)
    one_line = legend.height()
    host.resize(520, 200)
    qtbot.waitUntil(lambda: legend.width() <= 520)
    qtbot.waitUntil(lambda: legend.height() > one_line)  # it took a second line
    entries = legend.findChildren(QWidget)
    shown = [w for w in entries if w.parent() is legend]
    assert len(shown) == len(legend.entries) + 1  # and the "Legend:" title
    for entry in shown:
        assert entry.geometry().right() <= legend.width(), "an entry is cut off at the right edge"
        assert entry.isVisible()
