"""The briefing as a Word document (.docx), for analysts who edit before sending.

Same content as the HTML briefing: headings, a summary table of the accounts, a real table for
the aligned claims (heading row repeated on each page, rows shaded by relation and marked with
a symbol and a word), lists for each account's omissions, and the conflicts with their reasons.
Differing words are highlighted and underlined.

python-docx makes the package (page, properties, running header and footer, styles, the chart's
picture); the body is written as WordprocessingML text (docx_xml), which costs a fraction of
python-docx's object layer for the same paragraphs. Account text only ever goes into runs as
text (escaped for XML); paragraphs whose text starts in Persian or Arabic are set right-to-left.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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


MARGIN_MM = 18
# Column widths from their content: millimetres per character of 10-point text (a little wide,
# so that a word that fits by the estimate fits in Word too), plus the cell's own padding.
CHAR_MM = 2.0
PADDING_MM = 2.6
LONG_WORD = 16


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


def _groups_table(briefing: Briefing, aligned, text_mm: float) -> str:
    """The claims side by side, one row per group."""
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
    return x.table(rows, widths)


def _summary(document, briefing: Briefing, text_mm: float, body: list[str], later: x.Fragments) -> list[str]:
    """The written summary and the coverage chart, on the first page (Word keeps headings with
    what follows). The chart's picture is python-docx's: the body so far is placed before it, and
    the rest of the body starts anew after it (returned)."""
    body.append(x.heading("Summary", 1))
    for part in briefing.summary:
        body.append(x.heading(part.title, 2))
        body.extend(x.paragraph([x.run(sentence)], rtl=text_direction(sentence) == "rtl") for sentence in part.sentences)
    coverage = briefing.coverage
    if coverage is None or not coverage.topics:
        return body
    from .coverage_image import coverage_png
    from .pdf_form import ensure_gui_application

    ensure_gui_application()  # Qt paints the chart, and needs its fonts
    body.append(x.heading("Coverage", 2))
    later.place(document, body)
    document.add_picture(io.BytesIO(coverage_png(coverage, chart=briefing.chart)), width=Mm(text_mm))
    return [x.paragraph([x.small(chart_caption(coverage))])]


def _accounts_table(briefing: Briefing, text_mm: float) -> str:
    columns = ("Account", "Source, date", "Claims", "Matched", "Only here", "In conflict", "Words", "Leads with")
    rows = [[a.label, "\n".join(t for t in (a.source, a.url, a.date) if t), str(a.claims), str(a.matched), str(a.omitted),
             str(a.in_conflict), f"{a.words} ({a.share:g}%)", "\n".join(f"{n}. {t}" for n, t in enumerate(a.leads_with, 1))]
            for a in briefing.accounts]
    widths = column_widths([[name] + [row[k] for row in rows] for k, name in enumerate(columns)], text_mm)

    def cell(text: str, width: float, bold: bool, fill: str = "") -> str:
        # A Persian label or lead is set right to left, as its claims are.
        return x.cell([x.paragraph([x.run(text, bold=bold)], rtl=text_direction(text) == "rtl")], width, fill)

    heading = x.row([cell(name, w, True, "#dddddd") for name, w in zip(columns, widths)], heading=True)
    body = [x.row([cell(text, w, k == 0) for k, (text, w) in enumerate(zip(row, widths))]) for row in rows]
    return x.table([heading] + body, widths, style="TableGrid", centred=False)


def write_docx(briefing: Briefing, path: str | Path, paper: str = "a4") -> Path:
    document = Document()
    later = x.Fragments()  # the body, written as XML (see docx_xml)
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

    def plain(text: str) -> str:
        return x.paragraph([x.run(text)])

    body = [x.heading(briefing.title, 0)]
    if briefing.event_date:
        body.append(plain(f"Event date: {briefing.event_date}"))
    body.append(plain(f"Prepared {briefing.prepared} with Readout Compare ({briefing.matcher or 'default'} matcher)"))
    body = _summary(document, briefing, text_mm, body, later)

    body.append(x.heading("The accounts", 1))
    body.append(_accounts_table(briefing, text_mm))
    body.append(x.paragraph([x.small("Matched: claims the other account also makes. Only here: claims no other account makes. "
                                     "Leads with: the account's first claims, what it chose to put first.")]))
    body.extend(x.paragraph([x.small(f"Note: {text}")]) for text in briefing.notes)

    body.append(x.heading("Claims side by side", 1))
    body.append(x.paragraph([
        x.small(f"Key: {RELATION_SYMBOL['matched']} {RELATION_WORD['matched']}: the accounts make the same claim. "
                f"{RELATION_SYMBOL['changed']} {RELATION_WORD['changed']}: the same claim, worded differently. "
                f"{RELATION_SYMBOL['conflict']} {RELATION_WORD['conflict']}: they contradict each other. "
                f"{RELATION_SYMBOL['related']} {RELATION_WORD['related']}: the same topic, a different claim. "
                "Set by the analyst: a link the analyst made (no score). "),
        x.run("Highlighted, underlined", size=8, highlight=True, underline=True),
        x.small(": words the other account does not use. Score: how alike the claims are, from 0 to 1. "
                "A1, B1: claim numbers (A for the first account, B for the second…)."),
    ]))
    aligned = briefing.aligned
    if aligned:
        body.append(_groups_table(briefing, aligned, text_mm))
    else:
        body.append(plain("No claim of one account has a counterpart in another."))

    for section_ in briefing.only_in:
        body.append(x.heading(f"{RELATION_SYMBOL[OMISSION]} Only in {section_.label}", 1))
        body.append(plain(f"Claims with no counterpart in {' or '.join(section_.others)}."))
        if not section_.claims and not section_.partly:
            body.append(plain("None."))
        for claim in section_.claims:
            extra = [x.small(f"  ({RELATION_SYMBOL['related']} related only: {claim.related_note})")] \
                if claim.state == "related" and claim.related else []
            body.append(_claim_xml(claim, differences=False, style=BULLET, extra=extra))
            body.extend(_judgement_xml(claim.judgement))
        if section_.partly:
            body.append(x.paragraph([x.run("Missing from some of the other accounts:")]))
            for claim, missing in section_.partly:
                body.append(_claim_xml(claim, differences=False, style=BULLET, extra=[x.small(f"  (not in {', '.join(missing)})")]))

    body.append(x.heading(f"{RELATION_SYMBOL['conflict']} Conflicts", 1))
    if not briefing.conflicts:
        body.append(plain("The accounts do not contradict each other on any claim the engine aligned."))
    half = text_mm / 2
    for n, conflict in enumerate(briefing.conflicts, 1):
        heads = [x.cell([x.paragraph([x.run(f"{RELATION_SYMBOL['conflict']} {RELATION_WORD['conflict']} {n}: {claim.label}", bold=True)],
                                     rtl=text_direction(claim.label) == "rtl"), _claim_xml(claim)], half, RELATION_COLOUR["conflict"])
                 for claim in conflict.claims]
        why = x.cell([x.paragraph([x.run("Why: " + "; ".join(conflict.reasons))])] + _judgement_xml(conflict.judgement), text_mm, span=2)
        body += [x.table([x.row(heads), x.row([why])], [half, half], centred=False), x.paragraph([])]

    later.place(document, body)
    path = Path(path)
    later.save(document, path)
    return path
