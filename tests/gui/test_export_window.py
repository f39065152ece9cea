"""Briefings from the window: File ▸ Export… in every format, in the background; File ▸ Print…
with a preview; Edit ▸ Copy selected groups as rich text; the matcher named in the status bar."""

from __future__ import annotations

import csv
import json
import unicodedata

import docx
import lxml.html
import pypdf
import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from readout_compare.export.briefing import group_id
from readout_compare.gui.briefing.export_dialog import ExportDialog
from readout_compare.gui.briefing.printing import make_printer, print_briefing
from readout_compare.gui.comparison.runner import AccountSource


@pytest.fixture
def norvale_ebria(window, qtbot, texts, write_account):
    """The window showing the engine's comparison of two account files."""
    paths = [write_account("norvale.txt", texts["norvale"]), write_account("ebria.txt", texts["ebria"])]
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources([AccountSource(path=str(p)) for p in paths])
    return window.reading.comparison


def settled(qtbot):
    """The worker has returned too (it reports its outcome just before it does)."""
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=30_000)


def export(window, qtbot, path, fmt, paper="a4", timeout=60_000):
    with qtbot.waitSignal(window.briefing.exported, timeout=timeout) as blocker:
        assert window.briefing.export_to(str(path), fmt, paper)
    settled(qtbot)
    return blocker.args[0]


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- export ---------------------------------------------------------------------------------------

def test_export_writes_each_format_that_its_readers_accept(window, qtbot, norvale_ebria, tmp_path):
    comparison = norvale_ebria
    omitted = [c.text for k in range(2) for c in comparison.omissions(k)]
    assert omitted, "the pair is meant to have omissions"
    fishermen = next(t for t in omitted if "fishermen" in t)

    html = tmp_path / "b.html"
    assert export(window, qtbot, html, "html") == str(html)
    assert str(html) in window.statusBar().currentMessage()  # success is said with the path
    tree = lxml.html.document_fromstring(html.read_text(encoding="utf-8"))
    assert fishermen in flat(tree.text_content())
    assert not tree.xpath("//script")

    pdf = tmp_path / "b.pdf"
    export(window, qtbot, pdf, "pdf", paper="letter")
    reader = pypdf.PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter, as asked
    assert "fishermen" in flat(pdf_text(pdf))

    word = tmp_path / "b.docx"
    export(window, qtbot, word, "docx")
    document = docx.Document(str(word))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Relation")
    assert len(table.rows) - 1 == len([g for g in comparison.groups if g.relation])

    table_file = tmp_path / "b.csv"
    export(window, qtbot, table_file, "csv")
    with open(table_file, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["group"] for r in rows] == [group_id(g) for g in comparison.groups]

    data_file = tmp_path / "b.json"
    export(window, qtbot, data_file, "json")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert [a["label"] for a in data["accounts"]] == [a.label for a in comparison.accounts]
    ids = {c["id"] for a in data["accounts"] for c in a["claims"]}
    assert data["links"] and all(set(ln["claims"]) <= ids for ln in data["links"])
    assert data["matcher"] == comparison.matcher if "matcher" in data else True
    # nothing but the five briefings in the folder: no temporary file left behind
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".html", ".pdf", ".docx", ".csv", ".json", ".part")) == [
        "b.csv", "b.docx", "b.html", "b.json", "b.pdf"]


def test_export_dialog_chooses_format_paper_and_file(window, qtbot, norvale_ebria, tmp_path):
    """File ▸ Export… (Ctrl+E) opens the save dialog; the chosen filter decides the format."""
    target = tmp_path / "call.pdf"
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        seen["filters"] = dialog.nameFilters()
        dialog.setDirectory(str(tmp_path))
        dialog.set_format("pdf")
        seen["paper enabled for PDF"] = dialog.paper.isEnabled()
        dialog.set_paper("letter")
        dialog.findChild(QLineEdit, "fileNameEdit").setText("call")  # the suffix comes from the filter
        dialog.accept()

    assert window.briefing.export_action.shortcut().toString() == "Ctrl+E"
    QTimer.singleShot(0, fill_in)
    with qtbot.waitSignal(window.briefing.exported, timeout=60_000) as blocker:
        window.briefing.export_action.trigger()
    settled(qtbot)
    assert blocker.args[0] == str(target)
    assert len(seen["filters"]) == 5 and seen["paper enabled for PDF"]
    box = pypdf.PdfReader(str(target)).pages[0].mediabox
    assert round(float(box.width)) == 612


def test_export_dialog_follows_the_format_in_the_name(qtbot, tmp_path):
    dialog = ExportDialog(None, "Talks: <Arland> / Belmark")
    qtbot.addWidget(dialog)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert "/" not in edit.text() and "<" not in edit.text() and ":" not in edit.text()
    dialog.set_format("docx")
    assert edit.text().endswith(".docx") and dialog.paper.isEnabled()
    dialog.set_format("csv")
    assert edit.text().endswith(".csv") and not dialog.paper.isEnabled()
    dialog.setDirectory(str(tmp_path))
    edit.setText("mine.json")  # typed with another known extension: that format wins
    dialog.accept()
    path, fmt, _paper = dialog.choice()
    assert path.endswith("mine.json") and fmt == "json"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_failed_export_is_one_line_and_keeps_the_previous_file(window, qtbot, norvale_ebria, tmp_path, monkeypatch):
    previous = tmp_path / "b.csv"
    previous.write_text("the analyst's earlier export\n", encoding="utf-8")

    def broken_writer(briefing, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write("group,rel")  # half a file...
        raise OSError(28, "No space left on device")  # ...then the disk fills up

    monkeypatch.setattr("readout_compare.export.csv_form.write_csv", broken_writer)
    with qtbot.waitSignal(window.briefing.exportFailed, timeout=30_000) as blocker:
        window.briefing.export_to(str(previous), "csv")
    settled(qtbot)
    assert "No space left on device" in blocker.args[0]
    box = window.briefing.error_box
    assert box.isVisible() and "\n" not in box.text() and "No space left on device" in box.text()
    assert previous.read_text(encoding="utf-8") == "the analyst's earlier export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    assert window.briefing.export_action.isEnabled()  # ready to try again
    box.close()


def test_export_to_a_missing_folder_is_said_at_once(window, qtbot, norvale_ebria, tmp_path):
    with qtbot.waitSignal(window.briefing.exportFailed) as blocker:
        assert not window.briefing.export_to(str(tmp_path / "<b>gone</b>" / "b.html"), "html")
    assert "does not exist" in blocker.args[0]
    box = window.briefing.error_box
    assert "<b>gone</b>" in box.text() and box.textFormat() == box.textFormat().PlainText  # shown as typed
    box.close()


def test_the_dialog_remembers_folder_format_and_paper(qtbot, tmp_path):
    first = ExportDialog(None, "call")
    qtbot.addWidget(first)
    first.setDirectory(str(tmp_path))
    first.set_format("docx")
    first.set_paper("letter")
    first.findChild(QLineEdit, "fileNameEdit").setText("call")
    first.accept()
    assert first.choice() == (str(tmp_path / "call.docx"), "docx", "letter")
    again = ExportDialog(None, "next call")
    qtbot.addWidget(again)
    assert again.chosen_format() == "docx" and again.paper.currentData() == "letter"
    assert again.directory().absolutePath() == str(tmp_path)
    assert again.findChild(QLineEdit, "fileNameEdit").text() == "next call.docx"


def test_the_window_keeps_processing_events_during_a_large_export(window, qtbot, build, tmp_path):
    """A long PDF export runs on a worker: the GUI thread goes on handling events meanwhile."""
    n = 1500
    left = [f"Norvale claim {i} on topic {i}, told at some length so that the briefing runs to many pages of tables." for i in range(n)]
    right = [f"Ebria claim {i} on topic {i}, in its own words and at some length, so that it wraps in its cell." for i in range(n)]
    comparison = build([("Norvale", left), ("Ebria", right)], [(f"A{i + 1}", f"B{i + 1}", "match", []) for i in range(0, n, 2)])
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.show_comparison(comparison)

    ticks = {"during": 0}
    heartbeat = QTimer(window)
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: ticks.__setitem__("during", ticks["during"] + (1 if window.briefing.exporter.busy else 0)))
    progress = []
    window.briefing.exporter.progress.connect(lambda p, _t: progress.append(p))
    heartbeat.start()
    with qtbot.waitSignal(window.briefing.exported, timeout=120_000):
        window.briefing.export_to(str(tmp_path / "long.pdf"), "pdf")
        assert window.briefing.progress.isVisible() and not window.briefing.export_action.isEnabled()
    heartbeat.stop()
    settled(qtbot)
    # The timer fired again and again on the GUI thread while the export was still running.
    assert ticks["during"] >= 10
    assert progress and progress == sorted(progress)  # the progress bar only moves forward
    assert not window.briefing.progress.isVisible()
    assert len(pypdf.PdfReader(str(tmp_path / "long.pdf")).pages) > 20


def test_the_pdf_writer_process_reports_its_errors_in_one_line(norvale_ebria, tmp_path):
    from readout_compare.export.writers import ExportError
    from readout_compare.gui.briefing.export_process import write_in_process

    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(ExportError) as caught:
        write_in_process(norvale_ebria, "pdf", str(tmp_path / "a-file" / "b.pdf"))
    assert "does not exist" in str(caught.value) and "\n" not in str(caught.value)
    assert write_in_process(norvale_ebria, "pdf", str(tmp_path / "b.pdf")) == str(tmp_path / "b.pdf")
    assert "fishermen" in pdf_text(tmp_path / "b.pdf")


# -- print ----------------------------------------------------------------------------------------

def test_print_preview_builds_the_briefing_pages(window, qtbot, norvale_ebria):
    seen = {}

    def look(dialog):
        def inspect():
            preview = dialog.preview()
            preview.updatePreview()
            seen["pages"] = preview.pageCount()
            seen["title"] = dialog.windowTitle()
            dialog.reject()

        QTimer.singleShot(0, inspect)

    window.briefing.previewOpened.connect(look)
    assert window.briefing.print_action.shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(window.briefing.previewOpened, timeout=30_000):
        window.briefing.print_action.trigger()
    qtbot.waitUntil(lambda: "pages" in seen, timeout=30_000)
    settled(qtbot)
    assert seen["pages"] >= 1
    assert "Norvale foreign ministry" in seen["title"]


def test_printing_paints_the_briefing_on_the_printer(window, qtbot, norvale_ebria, tmp_path):
    """What the preview's Print button does, printed to a PDF file instead of paper."""
    from readout_compare.export.briefing import build_briefing

    briefing = build_briefing(norvale_ebria, title="Norvale–Ebria call")
    printer = make_printer(briefing.title, "a4")
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_briefing(briefing, printer)
    text = flat(pdf_text(tmp_path / "printed.pdf"))
    assert "Norvale–Ebria call" in text and "Page 1 of" in text
    for claim in norvale_ebria.omissions(1):
        assert flat(claim.text)[:40] in text


# -- copy as rich text ----------------------------------------------------------------------------

def test_copy_selected_groups_as_rich_text(window, qtbot, build):
    hostile = "The minister said <script>alert('x')</script> & \"quoted\" </table> things."
    comparison = build(
        [("Norvale", ["The leaders spoke on Tuesday.", hostile, "The call lasted three hours."]),
         ("Ebria <b>govt</b>", ["The leaders spoke on Tuesday.", hostile.replace("said", "stated"), "The call lasted forty minutes."])],
        [("A1", "B1", "match", []), ("A2", "B2", "match", [("A2", "said"), ("B2", "stated")]),
         ("A3", "B3", "conflict", [("A3", "three hours"), ("B3", "forty minutes")])],
    )
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(comparison)
    # select groups 2 and 3 in the claims table
    window.table.clearSelection()
    selection = window.table.selectionModel()
    for row in (1, 2):
        selection.select(window.proxy.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    window.briefing.copy_rich_action.trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    html, text = mime.html(), mime.text()
    assert "three hours" in html and "forty minutes" in html and "three hours" in text
    assert "spoke on Tuesday" not in html  # only the selected groups
    assert "<script>" not in html and "&lt;script&gt;" in html and "</table> things" not in html
    assert "&lt;b&gt;govt&lt;/b&gt;" in html
    assert "<script>alert('x')</script>" in text  # plain text keeps the words as they are
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not tree.xpath("//script") and "<script>alert('x')</script>" in tree.text_content()
    assert "Copied 2 groups" in window.statusBar().currentMessage()

    # with nothing selected in the table, the group selected in the panes is copied
    window.table.clearSelection()
    window.view.select_group(0)
    window.table.clearSelection()
    window.briefing.copy_rich_action.trigger()
    assert "spoke on Tuesday" in QApplication.clipboard().mimeData().html()


# -- the matcher ----------------------------------------------------------------------------------

def test_the_status_bar_says_which_matcher_produced_the_comparison(window, qtbot, norvale_ebria, every_relation):
    label = window.briefing.matcher_label
    assert label.isVisible() and label.text() == f"matched by: {norvale_ebria.matcher}"
    assert norvale_ebria.matcher in label.toolTip()
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(every_relation)
    assert label.text() == "matched by: hand"


def test_export_print_and_copy_are_in_the_menus(window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    file_menu, edit_menu = menus["File"].actions(), menus["Edit"].actions()
    assert window.briefing.export_action in file_menu and window.briefing.print_action in file_menu
    assert window.briefing.copy_rich_action in edit_menu
    # with nothing open, they say so instead of failing
    window.briefing.export_action.trigger()
    assert "open two or more accounts first" in window.statusBar().currentMessage()
    window.briefing.copy_rich_action.trigger()
    assert "Select one or more groups first" in window.statusBar().currentMessage()


def test_a_library_event_brings_its_title_date_tags_notes_and_reviews(window, qtbot, every_relation, tmp_path):
    """A comparison opened from the library (a reading with its stored event) exports the analyst's
    judgements; the event is read duck-typed, as the library's JudgedReading carries it."""
    from types import SimpleNamespace

    from readout_compare.core.reading import Reading

    reading = Reading(every_relation)
    conflict = next(g for g in every_relation.groups if g.relation and g.relation.value == "conflict")
    reading.stored = SimpleNamespace(
        title="Norvale–Ebria call, 4 March", date="2025-03-04",
        annotations=[SimpleNamespace(claims=("A5",), tag="follow-up", note="ask the embassy <today>")],
        reviewed=[conflict],
    )
    with qtbot.waitSignal(window.comparisonShown):
        window.show_comparison(reading)
    html = tmp_path / "event.html"
    export(window, qtbot, html, "html")
    text = flat(lxml.html.document_fromstring(html.read_text(encoding="utf-8")).text_content())
    assert "Norvale–Ebria call, 4 March" in text and "2025-03-04" in text
    assert "[follow-up]" in text and "ask the embassy <today>" in text and "[reviewed]" in text
    data_file = tmp_path / "event.json"
    export(window, qtbot, data_file, "json")  # written by the child process: judgements travel with it
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert data["judgements"]["A5"] == {"tags": ["follow-up"], "note": "ask the embassy <today>"}
    assert data["judgements"][group_id(conflict)]["tags"] == ["reviewed"]
    assert data["event"]["title"] == "Norvale–Ebria call, 4 March"
