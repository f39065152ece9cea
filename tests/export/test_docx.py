"""The Word briefing: opens, has a real table of aligned claims, keeps hostile text as text."""

import docx
import pytest
from docx.oxml.ns import qn

from readout_compare.export.briefing import build_briefing, group_id
from readout_compare.export.docx_form import write_docx

from .accounts import ARABIC, LONG_WORD, PERSIAN, flat


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def claims_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Relation")


def test_docx_has_the_aligned_claims_as_a_table(rouhani_macron, tmp_path):
    briefing = build_briefing(rouhani_macron, title="Rouhani–Macron call")
    document = docx.Document(str(write_docx(briefing, tmp_path / "b.docx")))
    table = claims_table(document)
    assert [c.text for c in table.rows[0].cells] == ["Relation", "Iranian presidency", "Élysée"]
    assert len(table.rows) == 1 + len(briefing.aligned)
    for row, group in zip(table.rows[1:], briefing.aligned):
        # "= Match" and "≈ Match, different wording" kept apart, as in the window
        assert row.cells[0].text.startswith({"matched": "= Match\n", "changed": "≈ Match, different wording\n", "conflict": "≠ Conflict\n"}[group.relation])
        for cell, claims in zip(row.cells[1:], group.cells):
            assert all(c.text in cell.text for c in claims)
    # The heading row repeats on each page the table runs over.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # Differing words are highlighted and underlined.
    runs = [r for cell in table.columns[1].cells[1:] for p in cell.paragraphs for r in p.runs]
    assert any(r.font.highlight_color and r.font.underline for r in runs)
    assert document.core_properties.title == "Rouhani–Macron call"
    # Event title in the header, page numbers in the footer.
    assert "Rouhani–Macron call" in document.sections[0].header.paragraphs[0].text
    fields = document.sections[0].footer.paragraphs[0]._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]


def test_docx_lists_omissions_and_conflicts(arland_belmark, tmp_path):
    briefing = build_briefing(arland_belmark)
    text = flat(all_text(docx.Document(str(write_docx(briefing, tmp_path / "b.docx")))))
    for k in range(2):
        for claim in arland_belmark.omissions(k):
            assert flat(claim.text) in text
    assert "Only in Arland Foreign Ministry" in text
    reasons = [r for c in briefing.conflicts for r in c.reasons]
    assert reasons and all(flat(r) in text for r in reasons)


@pytest.mark.parametrize("paper,width_mm", [("a4", 210), ("letter", 216)])
def test_docx_paper_size(rouhani_macron, tmp_path, paper, width_mm):
    document = docx.Document(str(write_docx(build_briefing(rouhani_macron), tmp_path / "b.docx", paper=paper)))
    assert round(document.sections[0].page_width.mm) == width_mm


def test_hostile_account_is_plain_text_in_docx(hostile, tmp_path):
    briefing = build_briefing(hostile, judgements={group_id(hostile.groups[0]): {"tags": ["<i>x</i>"], "note": "=1+1"}})
    document = docx.Document(str(write_docx(briefing, tmp_path / "h.docx")))
    text = all_text(document)
    assert "<script>alert('owned')</script>" in text
    assert '<a href="javascript:alert(1)" onclick="steal()">the full text</a>' in text
    assert '</table></td> and "regional" security' in text
    assert LONG_WORD in text and PERSIAN in text and ARABIC in text
    assert "[<i>x</i>]" in text and "=1+1" in text
    # Persian and Arabic paragraphs are set right to left.
    rtl = [p for p in document.paragraphs if PERSIAN in p.text or ARABIC in p.text]
    assert len(rtl) == 2 and all(p._p.pPr.find(qn("w:bidi")) is not None for p in rtl)
    assert len(claims_table(document).rows) == 1 + len(briefing.aligned)
