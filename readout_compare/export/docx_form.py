"""The briefing as a Word document (.docx), for analysts who edit before sending.

Same content as the HTML briefing, built with python-docx: headings, a summary table of the
accounts, a real table for the aligned claims (heading row repeated on each page, rows
shaded by relation and marked with a symbol and a word), lists for each account's omissions,
and the conflicts with their reasons. Differing words are highlighted and underlined.

Account text only ever goes into runs as text (python-docx escapes it for XML); paragraphs
whose text starts in Persian or Arabic are set right-to-left.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from .briefing import OMISSION, RELATION_COLOUR, RELATION_SYMBOL, RELATION_WORD, Briefing, ClaimView, Judgement, text_direction
from . import docx_xml as x
from .coverage_chart import caption as chart_caption
from .fitting import ellipsize

PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
# Word's document properties hold at most 255 characters (python-docx refuses more). The running
# header and the claims table's heading row are repeated on every page: they get a short form too.
# The title in the first heading and each label in the accounts table are kept whole.
MAX_PROPERTY = 255
MAX_REPEATED = 200
GREY = RGBColor(0x55, 0x55, 0x55)


MARGIN_MM = 18
# Column widths from their content: millimetres per character of 10-point text (a little wide,
# so that a word that fits by the estimate fits in Word too), plus the cell's own padding.
CHAR_MM = 2.0
PADDING_MM = 2.6
LONG_WORD = 16


def _cells(table, row) -> list:
    """A new row's cells. python-docx's ``row.cells`` walks the whole table each time (a table of
    800 rows took 25 s); a row's own cells are its ``w:tc`` elements."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _add_row(table) -> list:
    return _cells(table, table.add_row())


def column_widths(columns: list[list[str]], total_mm: float) -> list[float]:
    """Widths (mm) that give each column at least its longest word and share the rest by need.

    Each column gets room for its longest word (no "presiden cy"), then what is left of the page
    goes to the columns in proportion to how much more their longest line would need; a column
    whose text all fits is not made wider than it.
    """
    least, wanted = [], []
    for texts in columns:
        words = [w for t in texts for w in t.split()]
        lines = [line for t in texts for line in t.splitlines()] or [""]
        # A "word" longer than LONG_WORD (a web address) may break anywhere: it does not widen its column.
        least.append(min(LONG_WORD, max((len(w) for w in words), default=1)) * CHAR_MM + PADDING_MM)
        wanted.append(max(len(line) for line in lines) * CHAR_MM + PADDING_MM)
    wanted = [max(w, m) for w, m in zip(wanted, least)]
    if sum(least) >= total_mm:
        return [total_mm * m / sum(least) for m in least]
    if sum(wanted) <= total_mm:
        spare = total_mm - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted]
    spare, need = total_mm - sum(least), [w - m for w, m in zip(wanted, least)]
    return [m + spare * n / sum(need) for m, n in zip(least, need)]


def _set_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths on the table's grid and on every cell (Word reads one, LibreOffice the other)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm):
        column.w = Mm(width)
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_mm):
            tc.width = Mm(width)


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


def _cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if text_direction(text) == "rtl":
        _right_to_left(paragraph)  # a Persian label or lead, as its claims are set
    run = paragraph.add_run(text)
    run.bold = bold


BULLET = "ListBullet"


def _claim_xml(claim: ClaimView, show_id: bool = True, differences: bool = True, style: str = "", extra=()) -> str:
    runs = [x.small(f"{claim.id} ")] if show_id else []
    runs += [x.run(p.text, highlight=p.differs and differences, underline=p.differs and differences) for p in claim.pieces]
    return x.paragraph(runs + list(extra), rtl=claim.direction == "rtl", style=style)


def _judgement_xml(judgement: Judgement) -> list[str]:
    out = []
    if judgement.tags:
        out.append(x.paragraph([x.small("Tags: " + " ".join(f"[{t}]" for t in judgement.tags))]))
    if judgement.note:
        out.append(x.paragraph([x.small("Note: " + judgement.note)]))
    return out


def _groups_table(document, briefing: Briefing, aligned, text_mm: float, later: x.Fragments) -> None:
    """The claims side by side, one row per group, written as XML in one go (see docx_xml)."""
    texts: list[list[str]] = [["Relation"]] + [[label] for label in briefing.labels]
    for group in aligned:
        texts[0] += [f"{group.symbol} {group.word}", group.set_by or "score 0.00 · 100% sure"]
        for column, claims in zip(texts[1:], group.cells):
            column.extend(c.text for c in claims)
    widths = column_widths(texts, text_mm)
    heading = x.row([x.cell([x.paragraph([x.run(ellipsize(name, MAX_REPEATED), bold=True)],
                                         rtl=text_direction(name) == "rtl")], w, "#dddddd")
                     for name, w in zip(("Relation",) + briefing.labels, widths)], heading=True)
    rows = [heading]
    for group in aligned:
        colour = RELATION_COLOUR[group.relation]
        sure = f" · {round(100 * group.confidence)}% sure" if group.confidence is not None else ""
        details = [group.set_by or f"score {group.score:.2f}{sure}"] + ([f"differs in: {', '.join(group.kinds)}"] if group.kinds else [])
        relation = [x.paragraph([x.run(f"{group.symbol} {group.word}", bold=True)]), x.paragraph([x.small("\n".join(details))])]
        relation += _judgement_xml(group.judgement)
        cells = [x.cell(relation, widths[0], colour)]
        for claims, w in zip(group.cells, widths[1:]):
            content = [] if claims else [x.paragraph([x.small("— not in this account")])]
            for claim in claims:
                content.append(_claim_xml(claim))
                content.extend(_judgement_xml(claim.judgement))
            cells.append(x.cell(content, w, colour))
        rows.append(x.row(cells))
    later.place(document, [x.table(rows, widths)])


def _summary(document, briefing: Briefing, text_mm: float) -> None:
    """The written summary and the coverage chart, on the first page (Word keeps headings with what follows)."""
    document.add_heading("Summary", level=1)
    for part in briefing.summary:
        document.add_heading(part.title, level=2)
        for sentence in part.sentences:
            paragraph = document.add_paragraph(sentence)
            if text_direction(sentence) == "rtl":
                _right_to_left(paragraph)
    coverage = briefing.coverage
    if coverage is None or not coverage.topics:
        return
    from .coverage_image import coverage_png
    from .pdf_form import ensure_gui_application

    ensure_gui_application()  # Qt paints the chart, and needs its fonts
    document.add_heading("Coverage", level=2)
    document.add_picture(io.BytesIO(coverage_png(coverage)), width=Mm(text_mm))
    _small(document.add_paragraph().add_run(chart_caption(coverage)))


def write_docx(briefing: Briefing, path: str | Path, paper: str = "a4") -> Path:
    document = Document()
    later = x.Fragments()  # the long parts, written as XML (see docx_xml)
    section = document.sections[0]
    width_mm, height_mm = PAPER_MM[paper.lower()]
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    text_mm = width_mm - 2 * MARGIN_MM
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
    _summary(document, briefing, text_mm)

    document.add_heading("The accounts", level=1)
    columns = ("Account", "Source, date", "Claims", "Matched", "Only here", "In conflict", "Words", "Leads with")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns):
        _cell_text(cell, name, bold=True)
        _shade(cell, "#dddddd")
    _repeat_heading(table.rows[0])
    texts = [[name] for name in columns]
    for a in briefing.accounts:
        row = [a.label, "\n".join(x for x in (a.source, a.url, a.date) if x), str(a.claims), str(a.matched), str(a.omitted),
               str(a.in_conflict), f"{a.words} ({a.share:g}%)", "\n".join(f"{n}. {t}" for n, t in enumerate(a.leads_with, 1))]
        for cell, text, column in zip(_add_row(table), row, texts):
            _cell_text(cell, text, bold=column is texts[0])
            column.append(text)
    _set_widths(table, column_widths(texts, text_mm))
    note = document.add_paragraph()
    _small(note.add_run("Matched: claims the other account also makes. Only here: claims no other account makes. "
                        "Leads with: the account's first claims, what it chose to put first."))
    for text in briefing.notes:
        _small(document.add_paragraph().add_run(f"Note: {text}"))

    document.add_heading("Claims side by side", level=1)
    key = document.add_paragraph()
    _small(key.add_run(f"Key: {RELATION_SYMBOL['matched']} {RELATION_WORD['matched']}: the accounts make the same claim. "
                       f"{RELATION_SYMBOL['changed']} {RELATION_WORD['changed']}: the same claim, worded differently. "
                       f"{RELATION_SYMBOL['conflict']} {RELATION_WORD['conflict']}: they contradict each other. "
                       f"{RELATION_SYMBOL['related']} {RELATION_WORD['related']}: the same topic, a different claim. "
                       "Set by the analyst: a link the analyst made (no score). "))
    run = key.add_run("Highlighted, underlined")
    run.font.highlight_color, run.font.underline, run.font.size = WD_COLOR_INDEX.YELLOW, True, Pt(8)
    _small(key.add_run(": words the other account does not use. Score: how alike the claims are, from 0 to 1. "
                       "A1, B1: claim numbers (A for the first account, B for the second…)."))
    aligned = briefing.aligned
    if aligned:
        _groups_table(document, briefing, aligned, text_mm, later)
    else:
        document.add_paragraph("No claim of one account has a counterpart in another.")

    for section_ in briefing.only_in:
        document.add_heading(f"{RELATION_SYMBOL[OMISSION]} Only in {section_.label}", level=1)
        document.add_paragraph(f"Claims with no counterpart in {' or '.join(section_.others)}.")
        if not section_.claims and not section_.partly:
            document.add_paragraph("None.")
        listed = []
        for claim in section_.claims:
            extra = [x.small(f"  ({RELATION_SYMBOL['related']} related only: the same topic as {', '.join(claim.related)})")] \
                if claim.state == "related" and claim.related else []
            listed.append(_claim_xml(claim, differences=False, style=BULLET, extra=extra))
            listed.extend(_judgement_xml(claim.judgement))
        if section_.partly:
            listed.append(x.paragraph([x.run("Missing from some of the other accounts:")]))
            for claim, missing in section_.partly:
                listed.append(_claim_xml(claim, differences=False, style=BULLET, extra=[x.small(f"  (not in {', '.join(missing)})")]))
        if listed:
            later.place(document, listed)

    document.add_heading(f"{RELATION_SYMBOL['conflict']} Conflicts", level=1)
    if not briefing.conflicts:
        document.add_paragraph("The accounts do not contradict each other on any claim the engine aligned.")
    tables = []
    half = text_mm / 2
    for n, conflict in enumerate(briefing.conflicts, 1):
        heads = [x.cell([x.paragraph([x.run(f"{RELATION_SYMBOL['conflict']} {RELATION_WORD['conflict']} {n}: {claim.label}", bold=True)],
                                     rtl=text_direction(claim.label) == "rtl"), _claim_xml(claim)], half, RELATION_COLOUR["conflict"])
                 for claim in conflict.claims]
        why = x.cell([x.paragraph([x.run("Why: " + "; ".join(conflict.reasons))])] + _judgement_xml(conflict.judgement), text_mm, span=2)
        tables += [x.table([x.row(heads), x.row([why])], [half, half], centred=False), x.paragraph([])]
    if tables:
        later.place(document, tables)

    path = Path(path)
    later.save(document, path)
    return path
