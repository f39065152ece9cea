"""What one account's pane draws: a box per claim and a thin row per gap, built from a ``Reading``.

A box carries its claim, its state, its caption ("A3 · only in the Norvale account — …"), a
conflict's reason for the line under the text, whether a paragraph starts with it, and the Qt
text layout its text is set in (made by the view when it first lays the claim out exactly); its
position (``top``, ``height``) is filled in by the view as it lays the account out. A gap row
stands for claims another account reports and this one does not, placed where they would fall.
Sizes shared by the layout and the painting live here too.

Making boxes makes no Qt object, so the comparison's worker makes a long comparison's boxes
ahead (``make_ahead``) and the panes take them when they first show the reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout

from ...core.model import Claim
from ...core.reading import Gap, Reading, State
from .pane_content import claim_rows

MARGIN = 26  # the column of margin marks
PAD = 6
GAP = 6  # between claims of one paragraph
PARAGRAPH_GAP = 18
WRAP = Qt.TextFlag.TextWordWrap  # how captions, reasons and gap rows wrap (measured and painted alike)


def caption_width(view_width: int) -> int:
    """The width a caption, a conflict's reason or a gap row's text is set in, in a view this wide."""
    return max(40, view_width - MARGIN - 2 * PAD - 8)


# What captions are made of: a line holding the dash, the dot and the marks is set partly in a
# fallback font and is taller than the caption font's own line spacing.
_CAPTION_GLYPHS = "A3 · only in the account — left out; possibly B7 (32% likely) ≠ ∅ ~ ≈"


_rows: dict[str, int] = {}  # by font key: measured once per font, not at every paint


def caption_row(font: QFont) -> int:
    """The height of one line of a caption, a reason or a gap row in this font: what the view
    allows each of their lines and the painter sets them in."""
    key = font.key()
    row = _rows.get(key)
    if row is None:
        metrics = QFontMetrics(font)
        wrapped_line = metrics.boundingRect(QRect(0, 0, 1 << 16, 1 << 10), int(WRAP), _CAPTION_GLYPHS).height()
        row = _rows[key] = max(metrics.height(), metrics.lineSpacing(), wrapped_line)
    return row


def text_rows(metrics: QFontMetrics, text: str, width: int, row: int) -> int:
    """The lines of ``row`` pixels (``caption_row``) that ``text`` takes wrapped at ``width`` in this font."""
    if not text:
        return 0
    if metrics.horizontalAdvance(text) <= width:
        return 1  # the common case, without asking for a wrapped layout
    height = metrics.boundingRect(QRect(0, 0, width, 1 << 20), int(WRAP), text).height()
    # Rounded up, a pixel or two of a line's leading spared: three lines partly set in a fallback
    # font were 36 px high where three rows of the font's line spacing gave 33, and were cut.
    return max(1, -(-(height - 2) // max(1, row)))


@dataclass(slots=True)  # thousands in a long account: made and read quickly
class Box:
    claim: Claim
    state: State
    layout: QTextLayout | None  # made when the claim is first laid out exactly (None until then)
    caption: str
    top: int = 0
    height: int = 0
    new_paragraph: bool = False
    detail: str = ""  # a conflict's reason, on its own line(s) under the text: "≠ duration differs: …"
    # How many lines the caption and the reason take at the pane's width: both wrap rather than
    # being cut off (set by the view as it lays the account out).
    caption_rows: int = 1
    detail_rows: int = 0
    gaps_after: list[GapBox] | tuple = ()  # the gap rows drawn under this claim (set by the view)
    laid: int = -1  # the view's layout round in which this box was laid out exactly (-1: estimated)

    @property
    def caption_lines(self) -> int:
        return self.caption_rows + self.detail_rows


@dataclass
class GapBox:
    """A thin row standing for claims another account reports and this one does not."""

    gap: Gap
    text: str
    top: int = 0
    height: int = 0
    rows: int = 1  # lines of text at the pane's width (the row wraps rather than cut its words)


def claim_boxes(reading: Reading, account: int) -> list[Box]:
    """The account's claims in text order, each with its state, caption and conflict line (their
    text layouts are made when the view first lays them out exactly). The boxes made ahead on
    the comparison's worker (``make_ahead``) are handed over once; after that, new ones."""
    ahead = reading.__dict__.get(_AHEAD, {}).pop(("boxes", account), None)
    if ahead is not None:
        return ahead
    return [Box(row.claim, row.state, None, row.caption, 0, 0, row.new_paragraph, row.detail)
            for row in claim_rows(reading, account).rows]


_AHEAD = "_boxes_ahead"  # the attribute of a reading the boxes made ahead wait in


FIRST_IN_VIEW = 40  # claims of each account the panes show when a comparison first opens (and then some)


def make_ahead(reading: Reading) -> None:
    """Make every account's boxes and gap rows now, off the GUI thread (no Qt object is made:
    their text layouts come when they are first laid out); the first pane to show the reading takes them.

    The differing words of the claims the panes first show are diffed here too: a long
    comparison's word diffs are made when first painted, and the first paint would make them on
    the GUI thread (diff-match-patch on long claims: tens of milliseconds)."""
    ahead = {}
    wording = reading.wording
    for k, claims in enumerate(reading.comparison.claims):
        ahead[("boxes", k)] = claim_boxes(reading, k)
        ahead[("gaps", k)] = gap_boxes(reading, k)
        for claim in claims[:FIRST_IN_VIEW]:
            wording.get(claim.id)
    reading.__dict__[_AHEAD] = ahead


def gap_boxes(reading: Reading, account: int) -> dict[str | None, list[GapBox]]:
    """The gap rows of an account, by the claim they follow (None: before its first claim);
    those made ahead (``make_ahead``) are handed over once."""
    ahead = reading.__dict__.get(_AHEAD, {}).pop(("gaps", account), None)
    if ahead is not None:
        return ahead
    comparison = reading.comparison
    gaps_after: dict[str | None, list[GapBox]] = {}
    for gap in reading.gaps[account]:
        label = comparison.accounts[gap.source].label
        n = len(gap.claims)
        ids = gap.claims[0] if n == 1 else f"{gap.claims[0]}–{gap.claims[-1]}"
        text = f"∅  not reported here: {n} claim{'s' if n > 1 else ''} of the {label} account ({ids})"
        gaps_after.setdefault(gap.after, []).append(GapBox(gap, text))
    return gaps_after
