"""Fitting account text to what each briefing format can hold. Pure Python.

- ``ellipsize``: a title or label cut to a format's limit (Word's document properties take 255
  characters), with an ellipsis to show it was cut; the full text stays in the body.
- ``fit_headings``: the same for the labels in table heading cells of an HTML fragment (a heading
  row is repeated on every page, so it must be shorter than a page).
- ``break_long_runs``: a zero-width space every RUN characters inside each run of more than LONG
  characters without a space, in the text (never the tags) of an HTML fragment. Qt lays out a
  paragraph with no break opportunity in time that grows with the square of its length (a
  1,000,000-character word took minutes); with one every few characters it wraps them as it
  wraps words. The zero-width space is invisible, and a reader copying the text gets the
  characters back in order.
- ``fit_cells``: table cells cut after a number of characters, the rest in notes at the end.
"""

from __future__ import annotations

import re
from html import escape, unescape

ELLIPSIS = "\u2026"
ZWSP = "\u200b"
LONG = 60  # a run without a space longer than this is not a word (German compounds, most web addresses stay whole)
RUN = 10  # characters between break opportunities inside such a run: a line wastes at most RUN - 1

_TEXT = re.compile(r">([^<]+)")
_UNIT = r"(?:&#?\w+;|[^\s&<\u200b])"  # one character of text (an entity such as &amp; counts as one)
_LONG_RUN = re.compile(r"%s{%d,}" % (_UNIT, LONG + 1))
_PIECE = re.compile(r"(%s{%d})(?=%s)" % (_UNIT, RUN, _UNIT))
_ANY_LONG_RUN = re.compile(r"[^\s<>]{%d}" % (LONG + 1))  # in tags too: a quick first look


def ellipsize(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its start and an ellipsis (``limit`` in all)."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


def break_long_runs(markup: str) -> str:
    """The HTML with a zero-width space after every RUN characters of each run longer than LONG."""
    # A run without a space lies within one of the words str.split gives, so only words longer than
    # LONG are searched: one regular-expression search over the whole markup of a long pair took
    # longer (0.2 s) than the split.
    words = markup.split()
    if max(map(len, words), default=0) <= LONG or not any(len(w) > LONG and _ANY_LONG_RUN.search(w) for w in words):
        return markup  # the usual case: nothing to do, and no copy made

    def pieces(run: re.Match) -> str:
        return _PIECE.sub(r"\1" + ZWSP, run.group())

    return _TEXT.sub(lambda m: ">" + _LONG_RUN.sub(pieces, m.group(1)), markup)


_HEADING = re.compile(r"(<th\b[^>]*>)([^<]*)(</th>)")


def fit_headings(markup: str, limit: int) -> str:
    """The HTML with the text of each table heading cell (``<th>``) ellipsized to ``limit`` characters."""

    def fit(m: re.Match) -> str:
        text = unescape(m.group(2))
        if len(text) <= limit:
            return m.group(0)
        return m.group(1) + escape(ellipsize(text, limit), quote=True) + m.group(3)

    return _HEADING.sub(fit, markup)


_CELL = re.compile(r"(<td\b[^>]*>)(.*?)(</td>)", re.S)
_TOKEN = re.compile(r"<[^>]*>|[^<]+")
_BLOCK_END = re.compile(r"</(?:div|p|li|tr)>|<br\s*/?>", re.I)


def fit_cells(markup: str, limit: int, heading: str = "Texts too long for a table cell, in full",
              heading_style: str = "", text_style: str = "") -> str:
    """The HTML with each table cell's text cut after ``limit`` characters, the rest of it in a
    section at the end, each cut pointing to its note there.

    Why: Qt paints a table row that runs over many pages in time that grows with the number of
    pages it spans, on each page; a cell holding a 1,000,000-character label or claim would take
    many minutes. The section at the end is ordinary paragraphs, which Qt paints fast; nothing of
    the text is lost. Tags are kept as they are (only text is dropped), so the markup stays whole.
    """
    notes: list[str] = []

    def fit(m: re.Match) -> str:
        open_tag, content, close_tag = m.groups()
        if len(content) <= limit:
            return m.group(0)  # its text, without the tags and with entities read, is shorter still
        tokens = _TOKEN.findall(content)
        length = sum(len(unescape(t)) for t in tokens if not t.startswith("<"))
        if length <= limit:
            return m.group(0)
        notes.append(_plain(content))
        marker = f' {ELLIPSIS} <i>[continued in note {len(notes)} at the end]</i>'
        out, left, marked = [], limit, False
        for token in tokens:
            if token.startswith("<"):
                out.append(token)
            elif not marked:
                text = unescape(token)
                if len(text) <= left:
                    out.append(token)
                    left -= len(text)
                else:
                    out.append(escape(text[:left], quote=False) + marker)
                    marked = True
        return open_tag + "".join(out) + close_tag

    fitted = _CELL.sub(fit, markup)
    if not notes:
        return markup
    h2 = f' style="{heading_style}"' if heading_style else ""
    div = f' style="{text_style}"' if text_style else ""
    section = f"<h2{h2}>{escape(heading)}</h2>" + "".join(
        f'<p><b>Note {n}.</b></p>' + "".join(f'<div dir="auto"{div}>{escape(line, quote=False)}</div>' for line in text.split("\n"))
        for n, text in enumerate(notes, 1)
    )
    at = fitted.rfind("</body>")
    return fitted[:at] + section + fitted[at:] if at >= 0 else fitted + section


def _plain(content: str) -> str:
    """A cell's text: tags dropped, one line per block element."""
    return unescape(re.sub(r"<[^>]*>", "", _BLOCK_END.sub("\n", content))).strip()
