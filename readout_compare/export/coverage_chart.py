"""The coverage chart: for each topic (group of aligned claims), the words each account gives it.

One layout, two renderings: ``layout(coverage)`` places every bar and every text of the chart in
pixels (pure Python), ``to_svg`` writes it as inline SVG for the HTML briefing (no script, no
link, nothing loaded), and ``coverage_image.py`` paints the same layout with Qt's painter for the
PDF, the Word document and the window. Each topic's row starts with its relation mark and ends
each bar with its number of words, so a black-and-white printout keeps the meaning; the account
colours differ in lightness too.

Labels come from account text: the SVG escapes them (``html.escape``), and they were stripped of
control characters when the briefing was built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from html import escape

from ..core.marks import MARKS
from ..core.summary import Coverage
from .fitting import ellipsize

WIDTH = 680  # px: the HTML briefing's and the PDF page's text width, near enough
LABEL_WIDTH = 300
NUMBER_WIDTH = 44
BAR = 8  # height of one account's bar
GAP = 2  # between the bars of one topic
ROW_GAP = 5  # between topics
LEGEND = 22  # height of the legend line on top
LABEL_CHARS = 44
FONT = 11
# Dark, middle and light hues, so the accounts stay apart in grey too.
ACCOUNT_COLOURS = ("#1f4e79", "#d9a441", "#5b8c51", "#9e2a2b", "#7a5195", "#8c8c8c")
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#bbbbbb"


# Bars and texts as named tuples: a chart has a hundred of them, made anew for every briefing,
# and a tuple is made several times faster than a frozen dataclass.
class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    colour: str


class Text(NamedTuple):
    x: float
    y: float  # baseline
    text: str
    colour: str = TEXT_COLOUR
    size: int = FONT
    anchor: str = "start"  # "start" or "end"
    bold: bool = False


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    texts: tuple[Text, ...]
    lines: tuple[tuple[float, float, float, float], ...]  # x1, y1, x2, y2


def account_colour(account: int) -> str:
    return ACCOUNT_COLOURS[account % len(ACCOUNT_COLOURS)]


def layout(coverage: Coverage, width: float = WIDTH) -> Chart:
    n = max(1, len(coverage.labels))
    bars, texts, lines = [], [], []
    # The legend: a swatch and the label of each account.
    x = 0.0
    for k, label in enumerate(coverage.labels):
        bars.append(Bar(x, 4, 12, 12, account_colour(k)))
        shown = ellipsize(label, 40)
        texts.append(Text(x + 16, 15, shown))
        x += 16 + 7 * len(shown) + 18
    top = LEGEND + 4
    row = n * BAR + (n - 1) * GAP
    span = max(40.0, width - LABEL_WIDTH - NUMBER_WIDTH)
    largest = max(1, coverage.largest)
    y = top
    for topic in coverage.topics:
        mark = MARKS[topic.state].symbol
        middle = y + row / 2 + FONT / 2 - 1
        texts.append(Text(0, middle, mark, bold=True))
        texts.append(Text(14, middle, ellipsize(f"{topic.id.split('+')[0]} {topic.label}", LABEL_CHARS)))
        for k, words in enumerate(topic.words):
            by = y + k * (BAR + GAP)
            length = span * words / largest
            if words:
                bars.append(Bar(LABEL_WIDTH, by, max(1.0, length), BAR, account_colour(k)))
            texts.append(Text(LABEL_WIDTH + length + 4, by + BAR - 1, str(words) if words else "—", size=9, colour="#444444"))
        y += row + ROW_GAP
    lines.append((LABEL_WIDTH, top - 2, LABEL_WIDTH, max(top, y - ROW_GAP + 2)))
    return Chart(width, y - ROW_GAP + 4, tuple(bars), tuple(texts), tuple(lines))


def caption(coverage: Coverage) -> str:
    """The line under the chart: what it shows, and that it shows only the largest topics when so."""
    text = "Words each account gives each topic (a group of aligned claims), in reading order; the mark is the topic's relation."
    if coverage.total > len(coverage.topics):
        text += f" The {len(coverage.topics)} largest of {coverage.total} topics are shown."
    return text


def to_svg(coverage: Coverage, width: float = WIDTH) -> str:
    """The chart as an inline <svg> element: shapes and text only."""
    return svg(layout(coverage, width))


def svg(chart: Chart) -> str:
    """A chart already laid out (``Briefing.chart``) as an inline <svg> element."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{chart.width:.0f}" height="{chart.height:.0f}" '
        f'viewBox="0 0 {chart.width:.0f} {chart.height:.0f}" '
        f"font-family=\"'DejaVu Sans', 'Segoe UI', Arial, sans-serif\">",
        "<title>Coverage: words each account gives each topic</title>",
    ]
    for x1, y1, x2, y2 in chart.lines:
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>')
    for b in chart.bars:
        out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.width:.1f}" height="{b.height:.1f}" fill="{b.colour}"/>')
    for t in chart.texts:
        weight = ' font-weight="bold"' if t.bold else ""
        out.append(f'<text x="{t.x:.1f}" y="{t.y:.1f}" font-size="{t.size}" fill="{t.colour}" '
                   f'text-anchor="{t.anchor}"{weight}>{escape(t.text, quote=True)}</text>')
    out.append("</svg>")
    return "".join(out)
