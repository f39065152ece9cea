"""`readout-compare export`, and what the window relies on: whole files only, usable off the GUI thread."""

import threading

import pypdf
import pytest

from readout_compare import cli
from readout_compare.export import html_form
from readout_compare.export.writers import ExportError, write_briefing

from .accounts import ELYSEE, IRAN


@pytest.fixture
def pair(account_files):
    return [str(p) for p in account_files((IRAN, {"label": "Iranian presidency"}), (ELYSEE, {"label": "Élysée"}))]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "csv", "json"])
def test_export_writes_each_format(pair, tmp_path, capsys, fmt):
    out = tmp_path / f"briefing.{fmt}"
    assert cli.main(["export", "--format", fmt, "--out", str(out), "--title", "Rouhani–Macron call", *pair]) == 0
    assert out.stat().st_size > 0
    assert "wrote" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_format_follows_the_file_extension(pair, tmp_path):
    out = tmp_path / "briefing.pdf"
    assert cli.main(["export", "--out", str(out), "--paper", "letter", *pair]) == 0
    assert round(float(pypdf.PdfReader(str(out)).pages[0].mediabox.width)) == 612


@pytest.mark.parametrize(
    "args,message",
    [
        (["--out", "{tmp}/missing/b.html"], "does not exist"),
        (["--out", "{tmp}/b.odt"], "cannot tell the format"),
        (["--format", "html", "--out", "{tmp}"], "is a folder"),
    ],
)
def test_bad_output_gets_one_line_and_exit_2(pair, tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    assert cli.main(["export", *args, *pair]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_one_account_is_not_a_comparison(pair, tmp_path, capsys):
    assert cli.main(["export", "--out", str(tmp_path / "b.html"), pair[0]]) == cli.EXIT_BAD_INPUT
    assert "at least two" in capsys.readouterr().err


def test_failed_export_keeps_the_previous_file(rouhani_macron, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "briefing.html"
    out.write_text("the briefing sent yesterday", encoding="utf-8")

    def disk_full(briefing, path):
        path.write_text("<html>half a brief", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html_form, "write_html", disk_full)
    with pytest.raises(ExportError, match="No space left"):
        write_briefing(rouhani_macron, "html", out)
    assert out.read_text(encoding="utf-8") == "the briefing sent yesterday"
    assert sorted(p.name for p in out.parent.iterdir()) == ["briefing.html"]


def test_pdf_and_docx_can_be_written_from_a_worker_thread(rouhani_macron, tmp_path, qapp):
    # The window exports in a worker so it stays responsive; the writers must not need the GUI thread.
    done, errors, steps = [], [], {}

    def work():
        try:
            for fmt in ("pdf", "docx", "html"):
                mine = steps.setdefault(fmt, [])
                done.append(write_briefing(rouhani_macron, fmt, tmp_path / f"b.{fmt}", progress=lambda p, s: mine.append(p)))
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert not worker.is_alive() and not errors
    assert len(done) == 3 and pypdf.PdfReader(str(done[0])).pages
    for fmt, percents in steps.items():
        assert percents[0] == 0 and percents[-1] == 100 and percents == sorted(percents), fmt
    assert len(steps["pdf"]) > len(steps["html"])  # the PDF also reports its layout and pages


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_accounts_with_nothing_in_common_still_make_a_briefing(tmp_path, fmt):
    import docx
    import lxml.html

    from readout_compare.core.compare import compare
    from readout_compare.core.model import Account

    from .accounts import flat
    from .test_pdf import pdf_pages

    comparison = compare([Account("Weather office", "It was sunny in Paris all week."),
                          Account("Grain board", "Grain exports rose by a third in May.")])
    path = write_briefing(comparison, fmt, tmp_path / f"b.{fmt}")
    if fmt == "html":
        text = lxml.html.document_fromstring(path.read_text(encoding="utf-8")).text_content()
    elif fmt == "pdf":
        text = " ".join(pdf_pages(path))
    else:
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    text = flat(text)
    assert "No claim of one account has a counterpart in another" in text
    assert "It was sunny in Paris all week." in text and "Grain exports rose by a third in May." in text


def test_export_a_stored_event_with_the_analysts_tags_and_notes(pair, tmp_path, capsys):
    import lxml.html

    from readout_compare.store import repository as repo
    from readout_compare.store.database import open_library

    db = f"sqlite:///{tmp_path / 'library.sqlite'}"
    assert cli.main(["--db", db, "import", "--title", "Rouhani–Macron call", "--date", "2018-01-02", *pair]) == 0
    library = open_library(db)
    try:
        with library.write() as session:
            event = repo.find_event(session, "Rouhani–Macron call")
            comparison = repo.load_event(session, event).comparison
            omitted = comparison.omissions(1)[0]
            group = next(g for g in comparison.groups if g.relation)
            repo.annotate(session, event, [omitted.id], tag="omitted by Tehran", note="the protests")
            repo.annotate(session, event, list(group.claims), note="both open with the call <b>itself</b>")
            repo.mark_reviewed(session, event, list(group.claims))
    finally:
        library.close()

    out = tmp_path / "event.html"
    assert cli.main(["--db", db, "export", "--event", str(event), "--out", str(out)]) == 0
    tree = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    text = " ".join(tree.text_content().split())
    assert tree.findtext(".//title") == "Rouhani–Macron call"
    assert "[omitted by Tehran]" in text and "the protests" in text
    assert "both open with the call <b>itself</b>" in text and "[reviewed]" in text
    assert not tree.xpath("//b[.='itself']")

    csv_out = tmp_path / "event.csv"
    assert cli.main(["--db", db, "export", "--event", "Rouhani–Macron call", "--out", str(csv_out)]) == 0
    assert "omitted by Tehran" in csv_out.read_text(encoding="utf-8-sig")


def test_event_and_files_together_are_refused(pair, tmp_path, capsys):
    assert cli.main(["export", "--event", "1", "--out", str(tmp_path / "b.html"), *pair]) == cli.EXIT_BAD_INPUT
    assert "not both" in capsys.readouterr().err


def test_unknown_event_gets_one_line(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    assert cli.main(["--db", db, "export", "--event", "No such call", "--out", str(tmp_path / "b.html")]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
