"""The briefing as one self-contained HTML file (and as HTML fragments for the clipboard).

Contract:
- no external request of any kind: styles are inline on each element (so they also survive
  pasting into an e-mail, where <style> blocks are dropped), no scripts, no images, and a
  Content-Security-Policy that forbids loading anything should a reader's browser be asked to;
- every character that comes from an account, a label, a tag or a note goes through
  ``html.escape``; links are made only for plain http(s) addresses;
- each relation is shown by colour *and* by a symbol and a word, so a black-and-white
  printout keeps the meaning; differing words are highlighted *and* underlined;
- text from accounts gets dir="auto" (Persian, Arabic) and breaks anywhere if a word is too long.

The same markup is what the PDF writer lays out with Qt, so only styles Qt's rich text
understands carry meaning; the rest (dir, overflow-wrap) is for browsers.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Iterable

from .briefing import (
    DIFFERENCE_COLOUR,
    RELATION_COLOUR,
    RELATION_SYMBOL,
    RELATION_WORD,
    OMISSION,
    Briefing,
    ClaimView,
    GroupRow,
    Judgement,
)
from .coverage_chart import caption as chart_caption
from .coverage_chart import svg

CHART_IMAGE = "coverage.png"  # the <img> whose place the PDF writer fills with the chart (pdf_form.chart_object)

FONT = "font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif"
# print-color-adjust: browsers drop backgrounds when printing unless told; the symbols carry the
# meaning anyway when they do.
BODY = (f"{FONT}; font-size: 10pt; color: #111111; background-color: #ffffff; margin: 24px; line-height: 1.35; "
        "-webkit-print-color-adjust: exact; print-color-adjust: exact")
ROW = "page-break-inside: avoid; break-inside: avoid"  # browsers keep a row on one printed page
H1 = "font-size: 17pt; font-weight: bold; margin: 0 0 4px 0"
H2 = "font-size: 13pt; font-weight: bold; margin: 18px 0 6px 0; border-bottom: 1px solid #888888"
H3 = "font-size: 10pt; font-weight: bold; margin: 8px 0 2px 0"
META = "color: #444444; margin: 2px 0"
TABLE = "border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4px 0 8px 0"
TH = "border: 1px solid #888888; background-color: #dddddd; padding: 4px; text-align: left; vertical-align: top; font-weight: bold"
# Every table opens so: the PDF writer swaps it for its borderless twin (pdf_rules.without_borders).
TABLE_TAG = f'<table style="{TABLE}" width="100%" border="1" cellspacing="0" cellpadding="4">'
TD = "border: 1px solid #888888; padding: 4px; vertical-align: top; overflow-wrap: anywhere; word-break: break-word"
TEXT = "overflow-wrap: anywhere; word-break: break-word; unicode-bidi: plaintext"
DIFF = f"background-color: {DIFFERENCE_COLOUR}; text-decoration: underline"
ID = "color: #555555; font-size: 8pt"
SMALL = "color: #444444; font-size: 8.5pt"
TAG = "border: 1px solid #666666; padding: 0 3px; font-size: 8.5pt"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def e(text: object) -> str:
    return escape(str(text), quote=True)


# -- pieces ---------------------------------------------------------------------------------------

def relation_cue(relation: str) -> str:
    """Symbol and word for a relation: readable without colour."""
    return f'<b>{e(RELATION_SYMBOL[relation])} {e(RELATION_WORD[relation])}</b>'


def claim_html(claim: ClaimView, show_id: bool = True, differences: bool = True) -> str:
    """A claim as a block; ``differences`` marks the words its counterpart lacks (only beside that counterpart)."""
    text = "".join(
        f'<span style="{DIFF}">{e(p.text)}</span>' if p.differs and differences else e(p.text) for p in claim.pieces
    )
    ident = f'<span style="{ID}">{e(claim.id)}</span> ' if show_id else ""
    # The claim's own direction, not dir="auto": that would read the Latin id "A3" first and lay a
    # Persian or Arabic claim out left to right.
    out = f'<div dir="{claim.direction}" style="{TEXT}">{ident}<bdi>{text}</bdi></div>'
    if claim.judgement:
        out += judgement_html(claim.judgement)
    return out


def judgement_html(judgement: Judgement) -> str:
    if not judgement:
        return ""
    parts = []
    if judgement.tags:
        # Brackets, not just a border: Qt and e-mail clients drop borders on inline elements.
        parts.append("Tags: " + " ".join(f'<span style="{TAG}">[{e(t)}]</span>' for t in judgement.tags))
    if judgement.note:
        note = "<br>".join(e(line) for line in judgement.note.splitlines())
        parts.append(f'Note: <span dir="auto">{note}</span>')
    return f'<div style="{SMALL}; {TEXT}">' + "<br>".join(parts) + "</div>"


def groups_table(briefing: Briefing, groups: Iterable[GroupRow], shade_cells: bool = True) -> str:
    """The side-by-side table: one row per group, one column per account.

    ``shade_cells=False`` leaves the claim cells white (the relation cue keeps its colour): Qt
    paints the background of a row continued on the next page over the repeated heading row.
    """
    labels = briefing.labels
    relation_width = 14
    account_width = (100 - relation_width) // max(1, len(labels))
    head = f'<th scope="col" style="{TH}; width: {relation_width}%" width="{relation_width}%">Relation</th>' + "".join(
        f'<th scope="col" dir="auto" style="{TH}; width: {account_width}%" width="{account_width}%">{e(label)}</th>' for label in labels
    )
    rows = []
    for group in groups:
        colour = RELATION_COLOUR[group.relation]
        cue = f'<span style="background-color: {colour}">{relation_cue(group.relation)}</span>'
        if group.set_by:
            cue += f'<div style="{SMALL}">{e(group.set_by)}</div>'
        elif len(group.claims) > 1:
            sure = f" · {round(100 * group.confidence)}% sure" if group.confidence is not None else ""
            cue += f'<div style="{SMALL}">score {group.score:.2f}{sure}</div>'
        if group.kinds:
            cue += f'<div style="{SMALL}">differs in: {e(", ".join(group.kinds))}</div>'
        if group.judgement:
            cue += judgement_html(group.judgement)
        shade = f'; background-color: {colour}" bgcolor="{colour}' if shade_cells else ""
        cells = "".join(
            f'<td style="{TD}{shade}">'
            + ("".join(claim_html(c) for c in cell) if cell else f'<span style="{SMALL}">— not in this account</span>')
            + "</td>"
            for cell in group.cells
        )
        rows.append(
            f'<tr style="{ROW}"><td style="{TD}">{cue}</td>{cells}</tr>'
        )
    if not rows:
        return f'<p style="{META}">No claim of one account has a counterpart in another.</p>'
    return (
        TABLE_TAG
        + f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def legend() -> str:
    parts = [
        f'<span style="background-color: {RELATION_COLOUR["matched"]}; padding: 0 4px">{relation_cue("matched")}</span> the accounts make the same claim',
        f'<span style="background-color: {RELATION_COLOUR["changed"]}; padding: 0 4px">{relation_cue("changed")}</span> the same claim, worded differently',
        f'<span style="background-color: {RELATION_COLOUR["conflict"]}; padding: 0 4px">{relation_cue("conflict")}</span> the accounts contradict each other',
        f'<span style="background-color: {RELATION_COLOUR["related"]}; padding: 0 4px">{relation_cue("related")}</span> the same topic, a different claim',
        f'<span style="{DIFF}">underlined, highlighted</span> words the other account does not use',
        "score: how alike the claims are, from 0 to 1",
        "A1, B1: claim numbers (A for the first account, B for the second…)",
    ]
    return f'<p style="{SMALL}">Key: ' + " &nbsp;·&nbsp; ".join(parts) + "</p>"


def accounts_table(briefing: Briefing) -> str:
    columns = (("Account", 14), ("Source, date", 12), ("Claims", 8), ("Matched", 10), ("Only here", 8),
               ("In conflict", 9), ("Words", 10), ("Leads with", 29))
    head = "".join(f'<th scope="col" style="{TH}; width: {w}%" width="{w}%">{h}</th>' for h, w in columns)
    rows = []
    for a in briefing.accounts:
        source = e(a.source)
        if a.web_link:
            source = f'<a href="{e(a.web_link)}" style="color: #1a4f8b">{source or e(a.web_link)}</a>'
        elif a.url:
            source += f'<div style="{SMALL}">{e(a.url)}</div>'  # not a web address: shown, never linked
        if a.date:
            source += f'<div style="{SMALL}">{e(a.date)}</div>'
        leads = "".join(f'<div dir="auto" style="{TEXT}">{n}. {e(t)}</div>' for n, t in enumerate(a.leads_with, 1))
        rows.append(
            f'<tr><td dir="auto" style="{TD}"><b>{e(a.label)}</b></td><td style="{TD}">{source}</td>'
            f'<td style="{TD}">{a.claims}</td><td style="{TD}">{a.matched}</td><td style="{TD}">{a.omitted}</td>'
            f'<td style="{TD}">{a.in_conflict}</td><td style="{TD}">{a.words} ({a.share:g}%)</td>'
            f'<td style="{TD}">{leads}</td></tr>'
        )
    return (
        TABLE_TAG
        + f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def related_note(claim: ClaimView) -> str:
    """Under a claim with only related links: it is "related only", not an omission."""
    if claim.state != "related" or not claim.related:
        return ""
    return f'<div style="{SMALL}">{e(RELATION_SYMBOL["related"])} related only: {e(claim.related_note)}</div>'


def summary_section(briefing: Briefing, chart: str = "svg") -> str:
    """The written summary and the coverage chart: what opens every briefing.

    ``chart``: "svg" (inline SVG, for browsers) or "image" (an <img> of ``CHART_IMAGE`` at the
    chart's size, where the PDF writer paints the chart with Qt; Qt's rich text draws no SVG).
    """
    out = [f'<section id="summary"><h2 style="{H2}">Summary</h2>']
    for part in briefing.summary:
        out.append(f'<h3 style="{H3}">{e(part.title)}</h3>')
        out.extend(f'<p dir="auto" style="margin: 1px 0; {TEXT}">{e(sentence)}</p>' for sentence in part.sentences)
    coverage = briefing.coverage
    if coverage is not None and coverage.topics:
        out.append(f'<h3 style="{H3}">Coverage</h3>')
        if chart == "image":
            drawn = briefing.chart
            out.append(f'<p><img src="{CHART_IMAGE}" width="{drawn.width:.0f}" height="{drawn.height:.0f}" alt="coverage chart"></p>')
        else:
            out.append(f'<figure id="coverage" style="margin: 0">{svg(briefing.chart)}</figure>')
        out.append(f'<p style="{SMALL}">{e(chart_caption(coverage))}</p>')
    out.append("</section>")
    return "".join(out)


def only_in_section(briefing: Briefing) -> str:
    out = []
    for section in briefing.only_in:
        others = " or ".join(section.others)
        out.append(f'<h2 dir="auto" style="{H2}">{e(RELATION_SYMBOL[OMISSION])} Only in {e(section.label)}</h2>')
        out.append(f'<p style="{META}">Claims with no counterpart in {e(others)}.</p>')
        if not section.claims and not section.partly:
            out.append(f'<p style="{META}">None.</p>')
        if section.claims:
            out.append('<ul style="margin: 4px 0 4px 18px; padding: 0">')
            out.extend(f'<li style="margin: 2px 0">{claim_html(c, differences=False)}{related_note(c)}</li>' for c in section.claims)
            out.append("</ul>")
        if section.partly:
            out.append(f'<p style="{META}">Missing from some of the other accounts:</p><ul style="margin: 4px 0 4px 18px; padding: 0">')
            out.extend(
                f'<li style="margin: 2px 0">{claim_html(c, differences=False)}<div style="{SMALL}">not in {e(", ".join(missing))}</div></li>'
                for c, missing in section.partly
            )
            out.append("</ul>")
    return "".join(out)


def conflicts_section(briefing: Briefing) -> str:
    colour = RELATION_COLOUR["conflict"]
    out = [f'<h2 style="{H2}">{e(RELATION_SYMBOL["conflict"])} Conflicts</h2>']
    if not briefing.conflicts:
        out.append(f'<p style="{META}">The accounts do not contradict each other on any claim the engine aligned.</p>')
    for n, conflict in enumerate(briefing.conflicts, 1):
        a, b = conflict.claims
        # Plain lines, not a list: Qt indents lists far into a narrow cell.
        reasons = "".join(f'<div dir="auto" style="{TEXT}">– {e(r)}</div>' for r in conflict.reasons)
        out.append(
            TABLE_TAG + '<tbody>'
            f'<tr><td style="{TD}; width: 22%; background-color: {colour}" width="22%" bgcolor="{colour}">'
            f'{relation_cue("conflict")} {n}</td><td style="{TD}"><b dir="auto">{e(a.label)}</b>{claim_html(a)}</td>'
            f'<td style="{TD}"><b dir="auto">{e(b.label)}</b>{claim_html(b)}</td></tr>'
            f'<tr><td style="{TD}">Why</td><td style="{TD}" colspan="2">{reasons}'
            f"{judgement_html(conflict.judgement)}</td></tr></tbody></table>"
        )
    return "".join(out)


def body_html(briefing: Briefing, shade_cells: bool = True, chart: str = "svg") -> str:
    """The briefing's content, without the document wrapper (the PDF writer lays out the same,
    with ``chart="image"``)."""
    return "\n".join(body_sections(briefing, shade_cells, chart))


def body_sections(briefing: Briefing, shade_cells: bool = True, chart: str = "svg") -> tuple[str, str]:
    """``body_html`` in two parts, joined by a newline: the opening (title, summary, accounts and
    the key to the claims table) and the rest (the claims table, omissions, conflicts).

    The PDF writer lays the opening out first, to settle its page breaks before the long rest."""
    meta = []
    if briefing.event_date:
        meta.append(f"Event date: {e(briefing.event_date)}")
    meta.append(f"Prepared {e(briefing.prepared)} with Readout Compare ({e(briefing.matcher or 'default')} matcher)")
    parts = [
        f'<h1 dir="auto" style="{H1}">{e(briefing.title)}</h1>',
        "".join(f'<p style="{META}">{m}</p>' for m in meta),
        summary_section(briefing, chart),
        f'<h2 style="{H2}">The accounts</h2>',
        accounts_table(briefing),
        f'<p style="{SMALL}">Matched: claims the other account also makes. Only here: claims no other account makes. '
        "Leads with: the account's first claims, what it chose to put first.</p>",
    ]
    if briefing.notes:
        parts.append("".join(f'<p style="{SMALL}">Note: {e(n)}</p>' for n in briefing.notes))
    parts += [f'<h2 style="{H2}">Claims side by side</h2>', legend()]
    rest = [groups_table(briefing, briefing.aligned, shade_cells), only_in_section(briefing), conflicts_section(briefing)]
    return "\n".join(parts), "\n".join(rest)


def render_html(briefing: Briefing) -> str:
    """The whole briefing as one HTML document."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Readout Compare">\n'
        f"<title>{e(briefing.title)}</title>\n</head>\n"
        f'<body style="{BODY}">\n{body_html(briefing)}\n</body>\n</html>\n'
    )


def render_groups_html(briefing: Briefing, ids: Iterable[str]) -> str:
    """Selected groups (by group id or claim id) as an HTML fragment: "copy as rich text".

    Inline styles only, so e-mail clients keep the colours; the key goes with the table so
    the pasted rows explain themselves.
    """
    groups = briefing.select(ids)
    return f'<div style="{FONT}; font-size: 10pt">{legend()}{groups_table(briefing, groups)}</div>'


def render_groups_text(briefing: Briefing, ids: Iterable[str]) -> str:
    """The same selection as plain text, for the clipboard's text/plain alternative."""
    lines = []
    for group in briefing.select(ids):
        lines.append(f"{group.symbol} {group.word}" + (f" ({', '.join(group.kinds)})" if group.kinds else ""))
        for claim in group.claims:
            lines.append(f"  {claim.label} {claim.id}: {claim.text}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_html(briefing: Briefing, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_html(briefing), encoding="utf-8")
    return path
