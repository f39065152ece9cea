"""Exports that cannot be made, and briefings of hostile sizes, as an analyst meets them.

Targets: every kind of place that cannot take a briefing is refused in one line naming the target
(never the hidden temporary file) and the reason; nothing of Qt's is printed; what was there is
left as it was. Sizes: titles and labels past each format's limits, and unbroken strings of up to
1,000,000 characters, make whole briefings with none of their text lost.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import docx
import pypdf
import pytest

from readout_compare import cli
from readout_compare.core.model import Account
from readout_compare.core.similarity import LexicalMatcher
from readout_compare.core.compare import compare
from readout_compare.export.briefing import build_briefing
from readout_compare.export.writers import FORMATS, ExportError, write_briefing

from .accounts import squeezed

ELLIPSIS, ZWSP = "\u2026", "\u200b"
BODY_A = "The President of Norvale spoke by telephone with the Prime Minister of Ebria. They discussed trade and energy.\n"
BODY_B = "The Prime Minister of Ebria spoke by telephone with the President of Norvale. They discussed energy.\n"


@pytest.fixture
def pair(tmp_path):
    a, b = tmp_path / "norvale.txt", tmp_path / "ebria.txt"
    a.write_text(BODY_A, encoding="utf-8")
    b.write_text(BODY_B, encoding="utf-8")
    return [str(a), str(b)]


def locked_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "briefing.{fmt}"


def read_only_file(tmp_path: Path) -> Path:
    target = tmp_path / "sent.{fmt}"
    return target


# (class of target, how to make it, reason the message gives)
TARGETS = [
    ("a folder that cannot be written", locked_folder, "cannot be written"),
    ("a read-only file", read_only_file, "read-only"),
    ("a missing folder", lambda tmp_path: tmp_path / "missing" / "briefing.{fmt}", "does not exist"),
    ("a folder given as the file", lambda tmp_path: tmp_path, "is a folder"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind, make, reason", TARGETS, ids=[t[0] for t in TARGETS])
def test_a_target_that_cannot_be_written_is_refused_in_one_line(kind, make, reason, fmt, pair, tmp_path, capfd, unprivileged):
    target = Path(str(make(tmp_path)).format(fmt=fmt))
    if kind == "a read-only file":
        target.write_text("the briefing sent yesterday", encoding="utf-8")
        target.chmod(0o444)
    before = sorted(os.listdir(target.parent)) if target.parent.is_dir() else None
    with unprivileged():
        code = cli.main(["export", "--format", fmt, "--matcher", "lexical", "--out", str(target), *pair])
    out, err = capfd.readouterr()  # the process's own stderr: what Qt would print shows here
    assert code == cli.EXIT_BAD_INPUT
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert str(target) in lines[0] and reason in lines[0]
    assert "Traceback" not in err and "QPainter" not in err and ".part" not in err
    if before is not None:
        assert sorted(os.listdir(target.parent)) == before  # nothing left behind
    if kind == "a read-only file":
        assert target.read_text(encoding="utf-8") == "the briefing sent yesterday"


def test_the_check_before_the_work_and_the_write_say_the_same(pair, tmp_path, unprivileged):
    """write_briefing (what the window calls) refuses a read-only target as the command line does."""
    comparison = compare([Account("Norvale", BODY_A), Account("Ebria", BODY_B)], matcher=LexicalMatcher())
    target = tmp_path / "sent.pdf"
    target.write_bytes(b"%PDF- yesterday's")
    target.chmod(0o444)
    with unprivileged(), pytest.raises(ExportError, match="read-only"):
        write_briefing(comparison, "pdf", target)
    assert target.read_bytes() == b"%PDF- yesterday's"


# -- sizes -------------------------------------------------------------------------------------------


def nine_accounts():
    """The issue's case: nine realistically labelled accounts make a default title over 255 characters."""
    labels = [
        "Presidency of the Islamic Republic of Iran", "Élysée Palace (Presidency of the French Republic)",
        "Kremlin (Office of the President of Russia)", "The White House, Office of the Press Secretary",
        "Ministry of Foreign Affairs of the People's Republic of China", "Federal Chancellery of Germany",
        "Prime Minister's Office, United Kingdom", "Presidency of the Republic of Türkiye",
        "Ministry of Foreign Affairs of Japan",
    ]
    accounts = [Account(label, BODY_A if n % 2 else BODY_B) for n, label in enumerate(labels)]
    return compare(accounts, matcher=LexicalMatcher()), labels


def test_word_export_of_nine_labelled_accounts_fits_the_title_to_words_limit(tmp_path):
    comparison, labels = nine_accounts()
    path = write_briefing(comparison, "docx", tmp_path / "nine.docx")
    document = docx.Document(str(path))
    title = build_briefing(comparison).title
    assert len(title) > 255
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith(ELLIPSIS)
    assert document.paragraphs[0].text == title  # the full title, as the first heading
    accounts_column = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert accounts_column == labels


def text_of_pdf(path) -> str:
    """The body text of every page, run together: each page's header and footer (painted first,
    so extracted first, up to "Page n of N") are left out, and so are spaces and line breaks."""
    bodies = []
    for page in pypdf.PdfReader(str(path)).pages:
        lines = unicodedata.normalize("NFKC", page.extract_text()).split("\n")
        furniture = next(n for n, line in enumerate(lines[:6]) if line.split()[:1] == ["Page"])
        bodies.append("\n".join(lines[furniture + 1 :]))
    return squeezed("".join(bodies).replace(ZWSP, ""))


@pytest.mark.parametrize("where", ["label", "title", "claim"])
def test_a_long_unbroken_string_is_kept_whole_in_the_pdf(where, tmp_path):
    """60,000 characters without a space: the PDF has every one of them (before, Qt's table layout
    overflowed on a label this long and the PDF came out as one page).

    The string is numbered pieces ("|00001|00002|..."): each must be found. (Qt also draws, clipped
    out of sight, the last lines of a page at the top of the next, so the extracted text repeats a
    few pieces at each page break; a plain ``long in text`` would trip over that.)"""
    long = "|" + "".join(f"{n:05d}|" for n in range(10_000))
    label, title, body = "Norvale", "", BODY_A
    if where == "label":
        label = long
    elif where == "title":
        title = long
    else:
        body = BODY_A + "The two leaders agreed on the code word " + long + ".\n"
    comparison = compare([Account(label, body), Account("Ebria", BODY_B)], matcher=LexicalMatcher())
    path = write_briefing(comparison, "pdf", tmp_path / "long.pdf", title=title)
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) > 10
    text = text_of_pdf(path)
    missing = [n for n in range(10_000) if f"|{n:05d}|" not in text]
    assert missing == []
    assert len(reader.metadata.title) <= 1000


def test_a_long_unbroken_string_in_word_keeps_its_label_whole_and_the_heading_row_short(tmp_path):
    long = "x" * 5000
    comparison = compare([Account(long, BODY_A), Account("Ebria", BODY_B)], matcher=LexicalMatcher())
    document = docx.Document(str(write_briefing(comparison, "docx", tmp_path / "long.docx")))
    heading_row = next(t for t in document.tables if t.rows[0].cells[0].text == "Relation").rows[0]
    assert heading_row.cells[1].text.endswith(ELLIPSIS) and len(heading_row.cells[1].text) <= 200
    assert document.tables[0].rows[1].cells[0].text == long
