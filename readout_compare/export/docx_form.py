"""The briefing as a Word document (.docx), for analysts who edit before sending.

Same content as the HTML briefing, built with python-docx: headings, a summary table of the
accounts, a real table for the aligned claims (heading row repeated on each page, rows
shaded by relation and marked with a symbol and a word), lists for each account's omissions,
and the conflicts with their reasons. Differing words are highlighted and underlined.

Account text only ever goes into runs as text (python-docx escapes it for XML); paragraphs
whose text starts in Persian or Arabic are set right-to-left.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .briefing import OMISSION, RELATION_COLOUR, RELATION_SYMBOL, RELATION_WORD, Briefing, ClaimView, Judgement, text_direction
from .fitting import ellipsize

PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
# Word's document properties hold at most 255 characters (python-docx refuses more). The running
# header and the claims table's heading row are repeated on every page: they get a short form too.
# The title in the first heading and each label in the accounts table are kept whole.
MAX_PROPERTY = 255
MAX_REPEATED = 200
GREY = RGBColor(0x55, 0x55, 0x55)


def _shade(cell, colour: str) -> None:
    """Background colour of a table cell (python-docx has no API for it)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_heading(row) -> None:
    """Repeat this row at the top of each page the table continues on."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _field(paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the page (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # shown until Word updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _right_to_left(paragraph) -> None:
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))


def _small(run, size: float = 8) -> None:
    run.font.size = Pt(size)
    run.font.color.rgb = GREY


def _claim(paragraph, claim: ClaimView, show_id: bool = True, differences: bool = True) -> None:
    if claim.direction == "rtl":
        _right_to_left(paragraph)
    if show_id:
        _small(paragraph.add_run(f"{claim.id} "))
    for piece in claim.pieces:
        run = paragraph.add_run(piece.text)
        if piece.differs and differences:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.font.underline = True


def _judgement(container, judgement: Judgement) -> None:
    if judgement.tags:
        _small(container.add_paragraph().add_run("Tags: " + " ".join(f"[{t}]" for t in judgement.tags)))
    if judgement.note:
        _small(container.add_paragraph().add_run("Note: " + judgement.note))


def _cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if text_direction(text) == "rtl":
        _right_to_left(paragraph)  # a Persian label or lead, as its claims are set
    run = paragraph.add_run(text)
    run.bold = bold


def write_docx(briefing: Briefing, path: str | Path, paper: str = "a4") -> Path:
    document = Document()
    section = document.sections[0]
    width_mm, height_mm = PAPER_MM[paper.lower()]
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = ellipsize(briefing.title, MAX_PROPERTY)
    document.core_properties.author = "Readout Compare"
    section.header.paragraphs[0].text = ellipsize(briefing.title, MAX_REPEATED) + (
        f" ({ellipsize(briefing.event_date, 80)})" if briefing.event_date else "")
    footer = section.footer.paragraphs[0]
    footer.add_run(f"Readout Compare briefing, prepared {briefing.prepared}. Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    document.add_heading(briefing.title, level=0)
    if briefing.event_date:
        document.add_paragraph(f"Event date: {briefing.event_date}")
    document.add_paragraph(f"Prepared {briefing.prepared} with Readout Compare ({briefing.matcher or 'default'} matcher)")

    document.add_heading("The accounts", level=1)
    columns = ("Account", "Source, date", "Claims", "Matched", "Only here", "In conflict", "Words", "Leads with")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns):
        _cell_text(cell, name, bold=True)
        _shade(cell, "#dddddd")
    _repeat_heading(table.rows[0])
    for a in briefing.accounts:
        cells = table.add_row().cells
        _cell_text(cells[0], a.label, bold=True)
        _cell_text(cells[1], "\n".join(x for x in (a.source, a.url, a.date) if x))
        for cell, number in zip(cells[2:6], (a.claims, a.matched, a.omitted, a.in_conflict)):
            _cell_text(cell, str(number))
        _cell_text(cells[6], f"{a.words} ({a.share:g}%)")
        _cell_text(cells[7], "\n".join(f"{n}. {t}" for n, t in enumerate(a.leads_with, 1)))
    note = document.add_paragraph()
    _small(note.add_run("Matched: claims the other account also makes. Only here: claims no other account makes. "
                        "Leads with: the account's first claims, what it chose to put first."))
    for text in briefing.notes:
        _small(document.add_paragraph().add_run(f"Note: {text}"))

    document.add_heading("Claims side by side", level=1)
    key = document.add_paragraph()
    _small(key.add_run(f"Key: {RELATION_SYMBOL['matched']} Match: the accounts make the same claim. "
                       f"{RELATION_SYMBOL['changed']} the same claim, worded differently. "
                       f"{RELATION_SYMBOL['conflict']} Conflict: they contradict each other. "
                       f"{RELATION_SYMBOL['related']} the same topic, a different claim. "))
    run = key.add_run("Highlighted, underlined")
    run.font.highlight_color, run.font.underline, run.font.size = WD_COLOR_INDEX.YELLOW, True, Pt(8)
    _small(key.add_run(": words the other account does not use. Score: how alike the claims are, from 0 to 1. "
                       "A1, B1: claim numbers (A for the first account, B for the second…)."))
    aligned = briefing.aligned
    if aligned:
        table = document.add_table(rows=1, cols=1 + len(briefing.accounts))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, name in zip(table.rows[0].cells, ("Relation",) + briefing.labels):
            _cell_text(cell, ellipsize(name, MAX_REPEATED), bold=True)
            _shade(cell, "#dddddd")
        _repeat_heading(table.rows[0])
        for group in aligned:
            cells = table.add_row().cells
            colour = RELATION_COLOUR[group.relation]
            for cell in cells:
                _shade(cell, colour)
            _cell_text(cells[0], f"{group.symbol} {group.word}", bold=True)
            details = [group.set_by or f"score {group.score:.2f}"] + ([f"differs in: {', '.join(group.kinds)}"] if group.kinds else [])
            _small(cells[0].add_paragraph().add_run("\n".join(details)))
            _judgement(cells[0], group.judgement)
            for cell, claims in zip(cells[1:], group.cells):
                if not claims:
                    _small(cell.paragraphs[0].add_run("— not in this account"))
                for n, claim in enumerate(claims):
                    _claim(cell.paragraphs[0] if n == 0 else cell.add_paragraph(), claim)
                    _judgement(cell, claim.judgement)
    else:
        document.add_paragraph("No claim of one account has a counterpart in another.")

    for section_ in briefing.only_in:
        document.add_heading(f"{RELATION_SYMBOL[OMISSION]} Only in {section_.label}", level=1)
        document.add_paragraph(f"Claims with no counterpart in {' or '.join(section_.others)}.")
        if not section_.claims and not section_.partly:
            document.add_paragraph("None.")
        for claim in section_.claims:
            _claim(document.add_paragraph(style="List Bullet"), claim, differences=False)
            _judgement(document, claim.judgement)
        if section_.partly:
            document.add_paragraph("Missing from some of the other accounts:")
            for claim, missing in section_.partly:
                paragraph = document.add_paragraph(style="List Bullet")
                _claim(paragraph, claim, differences=False)
                _small(paragraph.add_run(f"  (not in {', '.join(missing)})"))

    document.add_heading(f"{RELATION_SYMBOL['conflict']} Conflicts", level=1)
    if not briefing.conflicts:
        document.add_paragraph("The accounts do not contradict each other on any claim the engine aligned.")
    for n, conflict in enumerate(briefing.conflicts, 1):
        table = document.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        for m, claim in enumerate(conflict.claims):
            cell = table.rows[0].cells[m]
            _shade(cell, RELATION_COLOUR["conflict"])
            _cell_text(cell, f"{RELATION_SYMBOL['conflict']} {RELATION_WORD['conflict']} {n}: {claim.label}", bold=True)
            _claim(cell.add_paragraph(), claim)
        why = table.rows[1].cells[0].merge(table.rows[1].cells[1])
        _cell_text(why, "Why: " + "; ".join(conflict.reasons))
        _judgement(why, conflict.judgement)
        document.add_paragraph()

    path = Path(path)
    document.save(str(path))
    return path
