"""The written summary and the coverage chart open every briefing, and say what Reading says.

Each bundled sample is exported once per format with ``readout-compare export`` and read back
(lxml, pypdf, python-docx, json): the summary names every conflict and the largest passage each
account alone reports, the chart is there, and every relation label agrees with Reading.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import unicodedata

import docx
import lxml.html
import pytest

from readout_compare.core.compare import compare
from readout_compare.core.ingest import read_account
from readout_compare.core.marks import MARKS
from readout_compare.core.model import Reason, Relation
from readout_compare.core.reading import Reading, State
from readout_compare.core.summary import summarize
from readout_compare.evaluation import bundled_samples
from readout_compare.export.briefing import build_briefing
from readout_compare.export.coverage_chart import layout as chart_layout
from readout_compare.export.csv_form import rows as csv_rows
from readout_compare.export.docx_form import column_widths
from readout_compare.export.html_form import render_html
from readout_compare.export.json_form import from_dict
from readout_compare.export.writers import write_briefing

from .accounts import flat, squeezed
from .test_pdf import pdf_pages

SAMPLES = bundled_samples()
FORMATS = ("html", "pdf", "docx", "json")


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.name for p in SAMPLES])
def exported(request, tmp_path_factory):
    """A sample compared as the command line compares it, and its briefing in each format."""
    folder = request.param
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    files = [str(folder / name) for name in gold["accounts"]]
    out = tmp_path_factory.mktemp(folder.name)
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = out / f"briefing.{fmt}"
        subprocess.run([sys.executable, "-m", "readout_compare", "export", "--format", fmt, "--out", str(paths[fmt]), *files],
                       check=True, capture_output=True)
    # The comparison the command made (whichever matcher it chose), read back from its JSON.
    comparison = from_dict(json.loads(paths["json"].read_text(encoding="utf-8")))
    return Reading(comparison), paths


def must_name(reading: Reading) -> list[str]:
    """Claim ids the summary has to name: both ends of every conflict, the largest passage of each side."""
    written = summarize(reading)
    names = [cid for c in written.conflicts for cid in c.claims]
    for passages in written.passages:
        if passages:
            names.extend(passages[0].claims)
    return names


def ids_in(text: str, names) -> list[str]:
    """The names missing from ``text`` (a claim id as a whole word: A1 is not in A11)."""
    import re

    return [n for n in names if not re.search(rf"(?<![A-Z0-9]){n}(?![0-9])", text)]


def test_the_summary_says_what_reading_says(exported):
    reading, _ = exported
    written = summarize(reading)
    comparison = reading.comparison
    assert {c.claims for c in written.conflicts} == {tuple(sorted(ln.claims, key=lambda c: comparison.claim(c).account))
                                                     for ln in comparison.conflicts()}
    for k, passages in enumerate(written.passages):
        alone = [c.id for c in comparison.claims[k] if reading.state(c.id) in (State.OMITTED, State.RELATED)]
        assert sorted(cid for p in passages for cid in p.claims) == sorted(alone)
        assert [p.words for p in passages] == sorted((p.words for p in passages), reverse=True)
        for p in passages:
            assert dict(p.related).keys() == {c for c in p.claims if reading.state(c) is State.RELATED}
    # The chart: every topic (group), the words each account gives it.
    assert written.coverage.total == len(reading.groups)
    assert sum(sum(t.words) for t in written.coverage.topics) == sum(len(c.text.split()) for c in comparison.all_claims())


def test_html_opens_with_the_summary_and_an_inline_chart(exported):
    reading, paths = exported
    tree = lxml.html.document_fromstring(paths["html"].read_text(encoding="utf-8"))
    body = tree.body
    section = body.get_element_by_id("summary")
    # The summary comes before the accounts table and the claims.
    assert [el for el in body.iter("section", "h2")][0] is section
    text = flat(section.text_content())
    assert not ids_in(text, must_name(reading))
    for conflict in summarize(reading).conflicts:
        for reason in conflict.reasons:
            assert flat(reason) in text
    svg = section.xpath(".//*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].xpath(".//*[local-name()='rect']")
    assert not tree.xpath("//script") and not tree.xpath("//*[local-name()='image' or local-name()='use' or local-name()='foreignObject']")
    # Relation labels: each aligned row's cue is Reading's state of its group, "≈" apart from "=".
    rows = body.xpath("//table[thead/tr/th[1][normalize-space()='Relation']]/tbody/tr")
    expected = [MARKS[s] for g, s in zip(reading.groups, reading.group_states) if len(g.claims) > 1]
    assert len(rows) == len(expected)
    for row, mark in zip(rows, expected):
        assert flat(row.xpath("td[1]/span/b")[0].text_content()) == f"{mark.symbol} {mark.heading}"
    # A claim with only a related link is "related only", listed with what it relates to; a
    # possible counterpart is named as such, with the chance the engine gives it.
    for claim in reading.comparison.all_claims():
        if reading.state(claim.id) is State.RELATED:
            item = flat(next(li for li in body.iter("li") if flat(li.text_content()).startswith(claim.id + " ")).text_content())
            note = item.split("related only: ", 1)[1]
            for link in reading.comparison.links_of(claim.id):
                if link.relation is Relation.RELATED:
                    other = reading.comparison.partner(link, claim.id).id
                    chance = next((r.score for r in link.reasons if r.kind == "possible_counterpart"), None)
                    expected = f"possibly the counterpart of {other}, {chance:.0%} likely" if chance is not None else other
                    assert expected in note, (claim.id, note)
            if "the same topic as" not in note:
                assert note.startswith("possibly the counterpart of")


def test_pdf_first_page_is_the_summary(exported):
    reading, paths = exported
    pages = pdf_pages(paths["pdf"])
    first = flat(pages[0])
    assert "Summary" in first and "What only one account reports" in first
    assert not ids_in(first, must_name(reading))
    whole = squeezed(" ".join(pages))
    caption = squeezed("Words each account gives each topic")
    assert caption in whole  # the chart's caption, under the chart
    # The chart is drawn on the page as shapes and text, between its heading and its caption:
    # the legend, each topic's mark and label, and the words each account gives it.
    chart = whole[whole.index(squeezed("Coverage")):whole.index(caption)]
    drawn = chart_layout(summarize(reading).coverage)
    assert drawn.texts and all(squeezed(unicodedata.normalize("NFKC", t.text)) in chart for t in drawn.texts)  # as pdf_pages reads


def test_word_opens_with_the_summary_and_the_chart(exported):
    reading, paths = exported
    document = docx.Document(str(paths["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Summary", "What each account leads with"]
    assert headings.index("Coverage") < headings.index("The accounts")
    before_accounts = []
    for p in document.paragraphs:
        if p.text == "The accounts":
            break
        before_accounts.append(p.text)
    assert not ids_in(flat(" ".join(before_accounts)), must_name(reading))
    assert len(document.inline_shapes) == 1
    # Relation labels in the claims table agree with Reading, group by group.
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Relation")
    expected = [MARKS[s] for g, s in zip(reading.groups, reading.group_states) if len(g.claims) > 1]
    assert [r.cells[0].paragraphs[0].text for r in table.rows[1:]] == [f"{m.symbol} {m.heading}" for m in expected]


def test_json_carries_the_summary_object(exported):
    reading, paths = exported
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    summary = data["summary"]
    text = " ".join(s for section in summary["sections"] for s in section["sentences"])
    assert not ids_in(text, must_name(reading))
    assert [c["claims"] for c in summary["conflicts"]] == [list(c.claims) for c in summarize(reading).conflicts]
    assert summary["coverage"]["labels"] == [a.label for a in reading.comparison.accounts]
    states = {c["id"]: c["state"] for a in data["accounts"] for c in a["claims"]}
    assert states == {cid: s.value for cid, s in reading.states.items()}


# -- fidelity ------------------------------------------------------------------------------------------

def with_analyst_link(comparison, who="M. Duval"):
    """The comparison with its first match link set by the analyst (as the library stores one)."""
    links = list(comparison.links)
    n = next(i for i, ln in enumerate(links) if ln.relation is Relation.MATCH)
    links[n] = dataclasses.replace(links[n], score=1.0, by_analyst=True, reasons=(Reason("analyst", (who,)),))
    return dataclasses.replace(comparison, links=tuple(links)), links[n]


def test_an_analysts_link_says_who_set_it_never_a_score(rouhani_macron, tmp_path):
    comparison, link = with_analyst_link(rouhani_macron)
    briefing = build_briefing(comparison)
    row = next(g for g in briefing.groups if link.claims[0] in [c.id for c in g.claims])
    html = lxml.html.document_fromstring(render_html(briefing))
    cue = next(tr for tr in html.iter("tr") if link.claims[0] in flat(tr.text_content()) and tr.xpath("td"))
    assert "set by the analyst (M. Duval)" in flat(cue.text_content()) and "score" not in flat(cue.xpath("td[1]")[0].text_content())
    document = docx.Document(str(write_briefing(comparison, "docx", tmp_path / "b.docx")))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Relation")
    cell = next(r.cells[0].text for r in table.rows if link.claims[0] in r.cells[1].text + r.cells[2].text)
    assert "set by the analyst (M. Duval)" in cell and "score" not in cell
    csv_row = next(r for r in csv_rows(briefing) if r[0] == row.id)
    assert csv_row[2] == "set by the analyst (M. Duval)"


def test_a_related_only_claim_is_never_called_an_omission_in_csv(rouhani_macron):
    reading = Reading(rouhani_macron)
    related = [c for c in rouhani_macron.all_claims() if reading.state(c.id) is State.RELATED]
    assert related, "the sample has a claim with only a related link"
    rows = {r[0]: r for r in csv_rows(build_briefing(rouhani_macron))}
    for claim in related:
        row = rows[claim.id]
        assert row[1] == "related"
        partners = [rouhani_macron.partner(ln, claim.id).id for ln in rouhani_macron.links_of(claim.id) if ln.relation is Relation.RELATED]
        assert row[-1] == f"{claim.id} ~ {', '.join(partners)}"


def test_word_columns_fit_their_longest_word():
    # The accounts table's label column holds "presidency" whole, and "Leads with" gets the room.
    columns = [["Account", "Iranian presidency", "Élysée"], ["Claims", "11", "8"],
               ["Leads with", "1. President Hassan Rouhani held a telephone conversation on Tuesday, Jan. 2, with French President …"]]
    widths = column_widths(columns, 174)
    from readout_compare.export.docx_form import CHAR_MM

    assert widths[0] >= len("presidency") * CHAR_MM
    assert widths[1] < widths[0] < widths[2]
    assert abs(sum(widths) - 174) < 1e-6


def test_word_tables_have_widths_from_their_content(rouhani_macron, tmp_path):
    document = docx.Document(str(write_briefing(rouhani_macron, "docx", tmp_path / "b.docx")))
    accounts = next(t for t in document.tables if t.rows[0].cells[0].text == "Account")
    widths = [c.w for c in accounts._tbl.tblGrid.gridCol_lst]
    assert len(set(widths)) > 2  # not one width for every column
    leads = widths[-1]
    assert leads == max(widths)


def test_pdf_heading_is_kept_with_what_follows(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from readout_compare.export.pdf_form import keep_headings_with_next

    page = 300.0
    document = QTextDocument()
    document.setPageSize(QSizeF(400, page))
    for lines in range(8, 40):
        filler = "".join(f"<p>line {n}</p>" for n in range(lines))
        document.setHtml(f"<html><body>{filler}<h2>Only in one account</h2><p>first claim</p><p>second</p></body></html>")
        layout = document.documentLayout()
        heading = next(b for b in blocks(document) if b.text() == "Only in one account")
        follow = heading.next()
        if int(layout.blockBoundingRect(heading).top() // page) != int(layout.blockBoundingRect(follow).bottom() // page):
            break
    else:
        pytest.fail("no filler left the heading alone at the bottom of a page")
    assert keep_headings_with_next(document, page) == 1
    heading = next(b for b in blocks(document) if b.text() == "Only in one account")
    assert int(layout.blockBoundingRect(heading).top() // page) == int(layout.blockBoundingRect(heading.next()).bottom() // page)


def blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


# -- hostile text ---------------------------------------------------------------------------------------

def test_hostile_text_stays_inert_in_the_summary_and_the_chart(hostile, tmp_path):
    briefing = build_briefing(hostile)
    html = render_html(briefing)
    tree = lxml.html.document_fromstring(html)
    section = tree.body.get_element_by_id("summary")
    assert not tree.xpath("//script") and not tree.xpath("//*[@onclick]")
    assert "<script>" not in html and "&lt;script&gt;" in lxml.html.tostring(section, encoding="unicode")
    svg_text = " ".join(t.text or "" for t in section.xpath(".//*[local-name()='text']"))
    assert "<b>Ministry</b>" in svg_text  # the label, shown as the characters it is
    assert not section.xpath(".//*[local-name()='svg']//*[local-name()='a' or local-name()='script']")
    # Word and PDF take the same text as text.
    document = docx.Document(str(write_briefing(hostile, "docx", tmp_path / "b.docx")))
    assert any("<script>" in p.text or "Ministry" in p.text for p in document.paragraphs)
    assert "Summary" in flat(pdf_pages(write_briefing(hostile, "pdf", tmp_path / "b.pdf"))[0])


def test_formula_prefixes_and_control_characters_in_labels(tmp_path):
    # Made in memory: the file reader already refuses a file with control characters as binary.
    from readout_compare.core.model import Account

    accounts = [
        Account("=cmd|' /C calc'!A0\x01", "=HYPERLINK(\"http://x\") The ministers agreed to open a border crossing at Tarn.\x07 They discussed fishing."),
        Account("+Neighbour\x1b", "@SUM(1) The two sides agreed to open a border crossing at Tarn. They met again."),
    ]
    comparison = compare(accounts)
    briefing = build_briefing(comparison)
    text = " ".join(s for part in briefing.summary for s in part.sentences)
    assert "\x01" not in text and "\x1b" not in text and "\x07" not in text
    assert not any(s.startswith(("=", "+", "-", "@")) for part in briefing.summary for s in part.sentences)
    for row in csv_rows(briefing):
        assert not row[-1] or row[-1][0].isalpha()
    for fmt in ("html", "docx", "pdf", "json"):
        write_briefing(comparison, fmt, tmp_path / f"b.{fmt}")  # every format writes them (.docx refuses control characters)
    sections = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["summary"]["sections"]
    assert not any(ch in s for section in sections for s in section["sentences"] for ch in "\x01\x07\x1b")
