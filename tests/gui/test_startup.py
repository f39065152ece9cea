"""Starting the window: the gui command, the screenshot, the last comparison remembered, the
bundled sample the first time, the New comparison dialog and the restored layout."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from readout_compare import cli
from readout_compare.gui import settings as stored
from readout_compare.gui.app import startup_sources
from readout_compare.gui.dialog import NewComparisonDialog
from readout_compare.gui.comparison.runner import AccountSource, read_and_compare
from readout_compare.gui.window import MainWindow


ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def run_cli(*args, settings_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(settings_dir))
    return subprocess.run([sys.executable, "-m", "readout_compare", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_gui_screenshot_renders_the_given_accounts(texts, write_account, tmp_path):
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--screenshot", str(shot), *map(str, paths), settings_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1400, 900)
    # a scripted screenshot does not change what the analyst's next start opens
    assert not list(tmp_path.rglob("*.ini")) or "norvale" not in "".join(p.read_text() for p in tmp_path.rglob("*.ini"))


def test_gui_screenshot_of_an_unreadable_file_says_why(texts, write_account, tmp_path):
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--screenshot", str(shot), str(write_account("n.txt", texts["norvale"])), str(tmp_path / "gone.txt"), settings_dir=tmp_path)
    assert result.returncode == 2
    assert "gone.txt: no such file" in result.stderr and "Traceback" not in result.stderr
    assert shot.exists()  # the window with its message


def test_gui_with_one_file_is_refused_in_one_line(tmp_path):
    result = run_cli("gui", str(tmp_path / "a.txt"), settings_dir=tmp_path)
    assert result.returncode == 2 and "at least two" in result.stderr


def test_no_command_means_the_window():
    args = cli.build_parser().parse_args([])
    assert args.command is None
    args = cli.build_parser().parse_args(["gui"])
    assert args.run is cli.run_gui and args.files == [] and args.screenshot is None


def test_first_start_opens_the_sample_then_the_last_comparison(texts, write_account):
    try:
        sample = cli.sample_files(cli.DEFAULT_SAMPLE)
    except cli.UserError:
        pytest.skip("the bundled sample is not in this checkout")
    assert [s.path for s in startup_sources([])] == sample
    paths = [str(write_account("norvale.txt", texts["norvale"])), str(write_account("ebria.txt", texts["ebria"]))]
    stored.remember_files(paths)
    assert [s.path for s in startup_sources([])] == paths
    os.remove(paths[1])  # a file that has gone away: back to the sample, no error
    assert [s.path for s in startup_sources([])] == sample


def test_the_window_remembers_the_files_it_compared(texts, qtbot, write_account):
    paths = [str(write_account("norvale.txt", texts["norvale"])), str(write_account("ebria.txt", texts["ebria"]))]
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=p) for p in paths])
    assert stored.last_files() == paths
    # the Summary dock is still being written in the background when the panes are shown
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=30_000)


def test_window_layout_zoom_and_sync_are_restored(qtbot):
    first = MainWindow(restore=False)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # inside the offscreen screen (800x600), so restoring need not clamp it
    qtbot.waitUntil(lambda: first.width() == 700)
    first.apply_zoom(15)
    first.sync_action.trigger()
    first.dock.hide()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.zoom() == 15
    assert not second.view.sync_enabled and not second.sync_action.isChecked()
    assert (second.width(), second.height()) == (700, 500)
    assert not second.dock.isVisible()  # the claims table stays closed


def test_new_comparison_dialog_takes_files_or_pasted_text_with_metadata(texts, qtbot, write_account):
    dialog = NewComparisonDialog()
    qtbot.addWidget(dialog)
    first, second = dialog.entries
    first.path.setText(str(write_account("norvale.txt", texts["norvale"])))
    first.label.setText("Norvale MFA")
    second.text.setPlainText("The Prime Minister urged Norvale to release the fishermen.")
    second.label.setText("Ebria")
    second.source.setText("gov.ebria.example")
    second.date.setText("2025-03-05")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    accounts = [s.read(k) for k, s in enumerate(dialog.sources())]
    assert accounts[0].label == "Norvale MFA" and accounts[0].source == "mfa.norvale.example"
    assert (accounts[1].label, accounts[1].source, accounts[1].date) == ("Ebria", "gov.ebria.example", "2025-03-05")
    assert "fishermen" in accounts[1].text


def test_new_comparison_dialog_wants_two_accounts(qtbot):
    dialog = NewComparisonDialog()
    qtbot.addWidget(dialog)
    dialog.entries[0].text.setPlainText("Only one account.")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "at least two" in dialog.error.text()
    dialog.add_entry().text.setPlainText("A second one.")
    dialog.accept()
    assert len(dialog.sources()) == 2


def test_the_bundled_sample_opens(qtbot):
    try:
        sources = [AccountSource(path=p) for p in cli.sample_files(cli.DEFAULT_SAMPLE)]
    except cli.UserError:
        pytest.skip("the bundled sample is not in this checkout")
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(sources)
    labels = [p.title.text() for p in window.view.panes]
    assert labels == [a.label for a in read_and_compare(sources).accounts]
    elysee = labels.index("Élysée")
    iranian = 1 - elysee
    # What the Iranian account left out is in plain sight: Macron's concern at the deaths in the protests
    pane = window.view.panes[elysee]
    protests = next(c for c in window.reading.comparison.claims[elysee] if "loss of life" in c.text)
    assert f"only in the Élysée account — left out by {labels[iranian]}" in pane.view.caption_of(protests.id)
    assert "leaves out <b>" in window.view.panes[iranian].summary.text()


def test_no_display_is_a_one_line_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "readout_compare", "gui"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_new_comparison_dialog_fills_empty_accounts_with_chosen_files(qtbot, tmp_path):
    dialog = NewComparisonDialog()
    qtbot.addWidget(dialog)
    paths = [str(tmp_path / f"{n}.txt") for n in ("a", "b", "c")]
    dialog.add_files(paths)
    assert [e.path.text() for e in dialog.entries] == paths  # two empty accounts filled, a third added


def test_screenshot_to_an_unwritable_place_says_so(tmp_path):
    result = run_cli("gui", "--screenshot", str(tmp_path / "no-such-folder" / "shot.png"), settings_dir=tmp_path)
    assert result.returncode == 2 and "could not write the screenshot" in result.stderr


def test_build_window_makes_the_window_with_its_library_without_showing_it(qtbot):
    from readout_compare.gui.app import build_window

    window = build_window("sqlite://", scripted=True)  # a library in memory, as a screenshot has
    qtbot.addWidget(window)
    assert not window.isVisible() and not window.remember
    assert window.library is not None and window.library.controller.url == "sqlite://"
    with qtbot.waitSignal(window.library.eventShown, timeout=30_000):
        window.library.start(open_last=True)
    assert window.windowTitle().startswith("Rouhani–Macron phone call")
    window.close()
    window.library.controller.close()
    # The event is shown before its comparison is: closing then drops the comparison's result, and the
    # worker finishes on its own, as the application waits for it at exit.
    assert QThreadPool.globalInstance().waitForDone(30_000)
