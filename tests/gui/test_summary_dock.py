"""The Summary dock follows the comparison on screen: its sentences and chart are the briefing's."""

from readout_compare.core.summary import summarize


def two_accounts(build_comparison, conflicting: bool):
    return build_comparison(
        [("Arland", ["The ministers met in Tarn for three hours.", "They agreed to reopen the border crossing."]),
         ("Belmark", ["The ministers met in Tarn for ninety minutes.", "Fishing rights in the Strait of Keld were raised."])],
        [("A1", "B1", "conflict" if conflicting else "match", [])],
    )


def test_summary_dock_follows_the_open_comparison(window, qtbot, build):
    dock = window.briefing.summary_dock
    assert dock.objectName() == "summaryDock" and dock.toggleViewAction() in window.menuBar().actions()[2].menu().actions()
    first = two_accounts(build, conflicting=True)
    with qtbot.waitSignal(dock.worker.finished, timeout=20_000):
        window.show_comparison(first)
    text = dock.text.toPlainText()
    expected = summarize(window.reading)
    for section in expected.sections:
        assert section.title in text
    assert "A1 (Arland) and B1 (Belmark) conflict" in text
    assert "B2" in text and "A2" in text  # each side's passage the other leaves out
    assert not dock.chart.pixmap().isNull()
    # Another comparison replaces the summary; closing it empties the dock.
    with qtbot.waitSignal(dock.worker.finished, timeout=20_000):
        window.show_comparison(two_accounts(build, conflicting=False))
    assert "do not contradict each other" in dock.text.toPlainText()
    window.clear_comparison("closed")
    assert dock.text.toPlainText() == "" and dock.summary is None
    dock.grab().save("/tmp/summary-dock.png")
