"""One account's claims, each drawn as its own box with its relation cue: the pane's widget.

A custom scroll area rather than a QTextEdit: the link map, the overview strip and synchronised
scrolling all need each claim's exact rectangle, and only the visible claims are painted, so a
20,000-word account costs no more to scroll than a short one. This module lays the boxes out
(progressively, see ``_prepare``), answers where each claim is, and handles selection, clicks,
keys and tooltips; what a box holds is built in ``claim_boxes``, how it looks is painted by
``claim_painting``.
"""

from __future__ import annotations

from bisect import bisect_right
from time import perf_counter
from weakref import WeakSet

import numpy as np

from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from ...core.reading import Reading, State
from ...export.briefing import text_direction
from ..release import release
from . import cues, explain
from .claim_boxes import FIRST_IN_VIEW, GAP, MARGIN, PAD, PARAGRAPH_GAP, Box, GapBox, caption_row, caption_width, claim_boxes, gap_boxes, text_rows
from .claim_painting import caption_font, detail_font, mark_font, paint_box, paint_gap
from .pane_content import claim_rows


class ClaimView(QAbstractScrollArea):
    """Claims of one account in text order; click one to select its group."""

    claimClicked = Signal(str)
    laidOut = Signal()  # what is in view moved, or the whole account is now laid out exactly
    painted = Signal()  # the view was painted (the window finishes showing a comparison after its first paint)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self._boxes: list[Box] = []
        self._lengths = np.zeros((0, 3), dtype=np.int64)  # each claim's text, caption and conflict line lengths
        self._differing: list[Box] = []  # the boxes of claims that differ (the overview strip marks them)
        self._gaps_after: dict[str | None, list[GapBox]] = {}
        self._tops: list[int] = []
        self._index: dict[str, int] = {}
        self._selected: set[str] = set()
        self._selected_gap_claims: set[str] = set()
        self._height = 0
        self._laid_width = -1
        self._spans: dict[str, tuple[int, int]] | None = None
        self._laid_font: QFont | None = None  # the font the claims' text layouts were given
        self._exact = 0  # claims [0, _exact) are laid out exactly; the rest have estimated heights
        # ... except windows laid out exactly far below the frontier (a jump down a long account):
        # a box laid out in the current round carries its number (Box.laid)
        self._round = 0
        # Refined on a zero timer, not a posted call: a chain of posted calls is served before any
        # timer, so the window's other timers (and a 5 ms tick measuring stalls) would wait for
        # the whole account; a zero timer takes its turn with them.
        self._refiner = QTimer(self)
        self._refiner.setSingleShot(True)
        self._refiner.setInterval(0)
        self._refiner.timeout.connect(self._refine)
        self._reading: Reading | None = None
        self._found: dict[str, tuple[tuple[int, int], ...]] = {}  # what the find bar found, by claim
        self._found_current: str | None = None
        self.placed = 0  # how many times the boxes were stacked: what depends on their positions can tell when they moved
        self.held = False  # the background layout waits while the window finishes showing a comparison

    # -- content ------------------------------------------------------------------------------------
    def set_claims(self, reading: Reading, account: int) -> None:
        # the last account's boxes (their text layouts) freed over the coming turns, not all now
        release((self._boxes, self._differing, self._gaps_after, self._tops, self._spans))
        self._spans = None
        self._reading = reading
        self._boxes = claim_boxes(reading, account)
        rows = claim_rows(reading, account)
        self._index = rows.position
        self._lengths = rows.lengths  # for the estimated heights
        matched = State.MATCHED
        self._differing = [b for b in self._boxes if b.state is not matched]
        self._gaps_after = gap_boxes(reading, account)
        for claim_id, gaps in self._gaps_after.items():
            if claim_id is not None:
                self._boxes[self._index[claim_id]].gaps_after = gaps
        self._selected = set()
        self._found, self._found_current = {}, None
        self._laid_width = -1  # laid out when first needed, at the width the pane ends up with
        self._laid_font = None  # new text layouts: give them the font
        self._exact = 0
        self.viewport().update()
        self.verticalScrollBar().setValue(0)

    def claim_ids(self) -> list[str]:
        return [b.claim.id for b in self._boxes]

    def state_of(self, claim_id: str) -> State:
        return self._boxes[self._index[claim_id]].state

    def caption_of(self, claim_id: str) -> str:
        return self._boxes[self._index[claim_id]].caption

    def detail_of(self, claim_id: str) -> str:
        """The line under a conflicting claim that says why it conflicts ("" for other claims)."""
        return self._boxes[self._index[claim_id]].detail

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self._index

    # -- layout -------------------------------------------------------------------------------------
    def setFont(self, font: QFont) -> None:  # noqa: N802 - Qt's name
        super().setFont(font)
        self.viewport().update()  # _prepare sees the new font at the next paint or query

    # Claims are laid out progressively: exactly (line breaks and all) from the top down to what
    # is needed, by estimate below that, and the estimates are replaced in the background, a few
    # milliseconds' worth per turn of the event loop. So a 100,000-word account is painted at once
    # and the GUI thread never spends more than a few milliseconds on it at a time. A claim's Qt
    # text layout is made only when it is first laid out exactly. Any geometry query about a
    # claim first makes that claim and everything above it exact, or, far below what is laid out
    # so far, that claim and a window around it (see FAR).
    EXACT_FIRST = FIRST_IN_VIEW  # claims laid out exactly before the first paint
    # Seconds of exact layout per turn of the event loop, shared by the panes still being laid out
    # (their zero timers fire in the same turn: a budget each made a turn of three panes three times as long).
    REFINE_BUDGET = 0.008
    REFINE_PAUSE = 30  # milliseconds between a new layout's first paint and its background layout
    _refining: "WeakSet[ClaimView]" = WeakSet()

    def _prepare(self) -> bool:
        """Start over if the width or the font changed. True when the layout was reset."""
        width = max(120, self.viewport().width())
        font = self.font()
        if width == self._laid_width and font == self._laid_font:
            return False
        font_changed = font != self._laid_font
        self._laid_width, self._laid_font = width, QFont(font)
        self._text_width = width - MARGIN - 2 * PAD - 4
        metrics = QFontMetrics(font)
        self._line_height = metrics.lineSpacing()
        self._char_width = max(1.0, metrics.averageCharWidth() * 1.05)
        captions = QFontMetrics(self._caption_font())
        self._caption_metrics = captions
        self._detail_metrics = QFontMetrics(detail_font(self._caption_font()))
        self._caption_height = caption_row(self._caption_font())
        self._caption_width = caption_width(width)
        caption_chars = max(1, self._caption_width // max(1, captions.averageCharWidth()))
        # Gap rows are estimated like the boxes and wrapped exactly with the claim they follow
        # (a 100,000-word account has hundreds: 5 ms a pane when all were wrapped at the first paint);
        # the rows before the first claim have no claim to wait for.
        for claim_id, gaps in self._gaps_after.items():
            for gap_box in gaps:
                gap_box.rows = (text_rows(captions, gap_box.text, self._caption_width - 2, self._caption_height) if claim_id is None
                                else -(-len(gap_box.text) // caption_chars) or 1)
        if font_changed:
            for box in self._boxes:
                box.layout = None  # made again, in the new font, when laid out exactly
        # estimated heights until each box is laid out exactly (its caption's rows are then worked
        # out too): one array sum for the whole account rather than a sum per claim
        text, caption, detail = self._lengths.T if len(self._lengths) else ((), (), ())
        lines = np.maximum(1, -(-(np.asarray(text) * self._char_width).astype(np.int64) // max(1, self._text_width)))
        caption_lines = -(-np.asarray(caption) // caption_chars) + -(-np.asarray(detail) // caption_chars)
        heights = lines * self._line_height + 2 * PAD + self._caption_height * caption_lines
        for box, height in zip(self._boxes, heights.tolist()):
            box.height = height
        self._exact = 0
        self._round += 1  # every box's exact layout (Box.laid) is of an earlier round now
        self._place()
        # The background layout starts a little after the first paint, so that the window's
        # other first steps (its table, title and summary) have turns of their own.
        self._refiner.start(self.REFINE_PAUSE)
        return True

    def _layout_exactly(self, upto: int) -> None:
        """Lay claims out exactly down to (not including) ``upto``, then stack the boxes again."""
        first = self._exact
        self._measure(upto)
        if self._exact > first:
            self._place(first, self._exact)

    def _measure(self, upto: int, budget: float | None = None, start: int | None = None) -> None:
        """Lay claims out exactly from the first estimated one down to ``upto`` (or as far as
        ``budget`` seconds allow), without stacking the boxes again; ``start``: from that claim
        instead, far below the frontier (a window: the frontier stays where it is)."""
        upto = min(upto, len(self._boxes))
        if upto <= (self._exact if start is None else start):
            return
        text_width = self._text_width
        captions, details, width = self._caption_metrics, self._detail_metrics, self._caption_width
        caption_height = self._caption_height
        deadline = None if budget is None else perf_counter() + budget
        boxes = self._boxes
        laid = self._round
        i = self._exact if start is None else start
        while i < upto:
            box = boxes[i]
            if box.laid == laid:  # in a window laid out already (see _lay_window)
                i += 1
                continue
            box.laid = laid
            box.caption_rows = text_rows(captions, box.caption, width, caption_height)
            box.detail_rows = text_rows(details, box.detail, width, caption_height) if box.detail else 0
            for gap_box in box.gaps_after:
                gap_box.rows = text_rows(captions, gap_box.text, width - 2, caption_height)
            layout = box.layout
            if layout is None:
                layout = box.layout = self._text_layout(box.claim.text)
            layout.beginLayout()
            h = 0.0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(text_width)
                line.setPosition(QPointF(0, h))
                h += line.height()
            layout.endLayout()
            box.height = int(h + 0.999) + 2 * PAD + caption_height * (box.caption_rows + box.detail_rows)
            i += 1
            if deadline is not None and perf_counter() > deadline:
                break
        if start is None:
            self._exact = i

    def _text_layout(self, text: str) -> QTextLayout:
        layout = QTextLayout(text)
        layout.setFont(self._laid_font)
        # A claim in Persian, Arabic or Hebrew keeps its direction: laid out right to left and
        # set against the right edge of its box, as the HTML briefing's dir="auto" does
        # (QTextLayout takes the alignment as given: AlignLeft would stay left).
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        if text_direction(text) == "rtl":
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.setTextOption(option)
        return layout

    def _place(self, changed: int = 0, changed_to: int | None = None) -> None:
        """Stack the boxes and gap rows from their heights; ``changed`` (to ``changed_to``): the
        boxes whose height may have changed (when they lie below the view, or wholly above it,
        what the view shows has not moved)."""
        # What the view shows stays still when claims above it change height (a window laid out
        # far down, then the background layout reaching the claims above it): the first claim in
        # view keeps its place on screen.
        bar = self.verticalScrollBar()
        value = bar.value()
        anchor = max(0, bisect_right(self._tops, value) - 1) if value > 0 and self._tops else -1
        anchored = self._boxes[anchor].top if 0 < changed < anchor < len(self._boxes) else None
        y = PAD
        tops = []
        append = tops.append
        row, paragraph = self._caption_height, PARAGRAPH_GAP - GAP
        for gap_box in self._gaps_after.get(None, ()):
            gap_box.top, gap_box.height = y, gap_box.rows * row + 8
            y += gap_box.height + GAP
        for box in self._boxes:
            if box.new_paragraph:
                y += paragraph
            box.top = y
            append(y)
            y += box.height + GAP
            if box.gaps_after:
                for gap_box in box.gaps_after:
                    gap_box.top, gap_box.height = y, gap_box.rows * row + 8
                    y += gap_box.height + GAP
        self._tops = tops
        self._height = y + PAD
        self._spans = None
        self.placed += 1
        self._update_scrollbar()
        if anchored is not None and self._boxes[anchor].top != anchored:
            # Not heard as a scroll: synchronised scrolling would level the other panes again, and
            # they would move under the analyst's eyes. What follows the view hears laidOut below.
            blocked = bar.blockSignals(True)
            bar.setValue(value + self._boxes[anchor].top - anchored)
            bar.blockSignals(blocked)
            if changed_to is not None and changed_to <= anchor:
                # Every change was above the view: it shows what it showed, where it showed it
                # (nothing to paint again: while the background layout works its way down to a
                # claim the analyst jumped to, each of its turns would repaint the panes and bands).
                if self._exact >= len(self._boxes):
                    self.laidOut.emit()
                return
            changed = 0  # the view's content moved in the account: repainted and said
        bottom = bar.value() + self.viewport().height()
        if changed == 0 or changed >= len(tops) or tops[changed] <= bottom:
            if not self._painting:  # laid out for the paint under way: painted as it is, not twice
                self.viewport().update()
        elif self._exact < len(self._boxes):
            return  # refined below the view: nothing in view moved (the scroll bar's range says the rest)
        self.laidOut.emit()

    def _refine(self) -> None:
        if self._prepare():
            return  # _prepare scheduled the next round itself
        if self.held:
            self._refiner.start(self.REFINE_PAUSE)
            return
        refining = ClaimView._refining
        if self._exact < len(self._boxes):
            refining.add(self)
            first = self._exact
            self._measure(len(self._boxes), budget=self.REFINE_BUDGET / len(refining))
            self._place(first, self._exact)
        if self._exact < len(self._boxes):
            self._refiner.start(0)
        else:
            refining.discard(self)

    # A claim this far below the claims laid out in order is laid out with a window of claims around
    # it instead of with everything above it (a jump to the end of a 100,000-word account while
    # the background layout runs: 0.7 s of layout on the GUI thread): the claims above keep their
    # estimated heights until the background layout reaches them, and the view stays still as it does.
    FAR = 200
    WINDOW = (40, 80)  # claims laid out above and below a claim far down (a view shows about 15)

    def _lay_window(self, first: int, last: int) -> None:
        """Lay out exactly the claims from ``first`` to ``last`` (far below the frontier) and those
        around them, then stack the boxes again, keeping what the view shows where it is."""
        above, below = self.WINDOW
        lo, hi = max(self._exact, first - above), min(len(self._boxes), last + below)
        if not self._laid(lo, hi):
            self._measure(hi, start=lo)
        self._place(lo, hi)

    def _laid(self, first: int, last: int) -> bool:
        laid = self._round
        return all(box.laid == laid for box in self._boxes[first:last])

    def _exact_through(self, index: int) -> None:
        """Make claim ``index`` exact and its position consistent with what is laid out: with every
        claim above it, or, far below the claims laid out so far, with a window around it."""
        self._prepare()
        if index >= self._exact + self.FAR:
            if not self._laid(index, index + 1):
                self._lay_window(index, index + 1)
            return
        self._layout_exactly(index + 1)

    def _exact_in_view(self) -> None:
        """Make every claim down to the bottom of the view exact (the view's content may move up)."""
        self._prepare()
        for _ in range(3):
            top = self.verticalScrollBar().value()
            last = bisect_right(self._tops, top + self.viewport().height())
            if last <= self._exact:
                return
            first = max(0, bisect_right(self._tops, top) - 1)
            if first >= self._exact + self.FAR:
                if self._laid(first, last + 1):
                    return
                self._lay_window(first, last + 1)
            else:
                self._layout_exactly(max(last + 1, self.EXACT_FIRST))

    def relayout(self) -> None:
        """Lay out every claim exactly now (tests, benchmarks and callers that need all positions)."""
        self._prepare()
        self._layout_exactly(len(self._boxes))

    def gap_boxes(self) -> list[GapBox]:
        """The rows for claims other accounts report and this one does not (positions exact in view)."""
        self._exact_in_view()
        return [g for gaps in self._gaps_after.values() for g in gaps]

    def gap_at(self, content_y: float) -> GapBox | None:
        for gap_box in self.gap_boxes():
            if gap_box.top <= content_y <= gap_box.top + gap_box.height:
                return gap_box
        return None

    def is_laid_out(self) -> bool:
        """True once every claim is laid out exactly at the current width and font."""
        return (
            self._laid_width == max(120, self.viewport().width())
            and self._laid_font == self.font()
            and self._exact == len(self._boxes)
        )

    def _caption_font(self) -> QFont:
        return caption_font(self.font())

    def _update_scrollbar(self) -> None:
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setRange(0, max(0, self._height - page))
        bar.setPageStep(page)
        bar.setSingleStep(24)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.viewport().update()  # relaid out at paint time (or at the next geometry query)
        if self._laid_width == max(120, self.viewport().width()):
            self._update_scrollbar()
        elif self._boxes:
            self._refiner.start(0)

    # -- geometry for the link map, the overview and synchronised scrolling --------------------------
    def content_height(self) -> int:
        """The height of the whole account (estimated below the part laid out exactly)."""
        self._prepare()
        return self._height

    def spans(self) -> dict[str, tuple[int, int]]:
        """Every claim's (top, bottom) in content coordinates; rebuilt only when the layout changes."""
        self._exact_in_view()
        if self._spans is None:
            self._spans = {b.claim.id: (b.top, b.top + b.height) for b in self._boxes}
        return self._spans

    def boxes_in_view(self) -> range:
        """The indices (in text order) of the claims whose boxes reach into the view now: the link
        map and the overview need only these, however long the account is."""
        self._exact_in_view()
        offset = self.verticalScrollBar().value()
        first = max(0, bisect_right(self._tops, offset) - 1)
        return range(first, bisect_right(self._tops, offset + self.viewport().height()))

    def index_of(self, claim_id: str) -> int:
        """The claim's place in this account (0: its first claim)."""
        return self._index[claim_id]

    def span_at(self, index: int) -> tuple[int, int]:
        """The (top, bottom) of the index-th claim's box in content coordinates (as laid out now:
        exact in view and above it, estimated below)."""
        box = self._boxes[index]
        return box.top, box.top + box.height

    def differing_boxes(self) -> list[Box]:
        """The boxes of the claims that differ, in text order (their positions as laid out now:
        exact in view and above it, estimated below)."""
        self._exact_in_view()
        return self._differing

    def claim_rect(self, claim_id: str) -> QRect:
        """The claim's box in content coordinates (0 = top of the account)."""
        i = self._index[claim_id]
        self._exact_through(i)
        box = self._boxes[i]
        return QRect(MARGIN, box.top, self.viewport().width() - MARGIN - 4, box.height)

    def visible_rect(self, claim_id: str) -> QRect:
        """The claim's box in viewport coordinates."""
        return self.claim_rect(claim_id).translated(0, -self.verticalScrollBar().value())

    def claim_at(self, content_y: float) -> str | None:
        """The claim whose box (or the gap after it) holds this content position."""
        if not self._boxes:
            return None
        self._prepare()
        while True:
            i = max(0, bisect_right(self._tops, content_y) - 1)
            if i < self._exact or self._exact >= len(self._boxes) or (i >= self._exact + self.FAR and self._laid(i, i + 1)):
                break
            self._exact_through(i)  # positions down to y (or around it) become exact; look again
        i = max(0, bisect_right(self._tops, content_y) - 1)
        return self._boxes[i].claim.id

    def spaces_in_view(self) -> list[float]:
        """The middle of each blank strip between two boxes (claims or gap rows) in view, in viewport
        coordinates: where a line may cross this pane without running over any claim's text."""
        self._exact_in_view()
        offset, height = self.verticalScrollBar().value(), self.viewport().height()
        first = max(0, bisect_right(self._tops, offset) - 1)
        items = []
        for box in self._boxes[first:]:
            if box.top > offset + height:
                break
            items.append((box.top, box.top + box.height))
        items += [(g.top, g.top + g.height) for gaps in self._gaps_after.values() for g in gaps
                  if g.top + g.height >= offset and g.top <= offset + height]
        items.sort()
        spaces = [(a_end + b_top) / 2 - offset for (_t, a_end), (b_top, _b) in zip(items, items[1:]) if b_top > a_end]
        return [y for y in spaces if 0 <= y <= height]

    def is_visible(self, claim_id: str) -> bool:
        rect = self.visible_rect(claim_id)
        return rect.bottom() >= 0 and rect.top() <= self.viewport().height()

    def is_wholly_visible(self, claim_id: str) -> bool:
        """The claim's whole box is in view (or, taller than the view, it fills the view from its top)."""
        rect, height = self.visible_rect(claim_id), self.viewport().height()
        return rect.top() >= 0 and (rect.bottom() <= height or rect.top() == 0)

    def scroll_to_claim(self, claim_id: str, viewport_y: int | None = None) -> None:
        """Put the claim's top at ``viewport_y`` (default: a third of the way down)."""
        if viewport_y is None:
            viewport_y = self.viewport().height() // 3
        self.verticalScrollBar().setValue(self.claim_rect(claim_id).top() - viewport_y)

    def reveal(self, claim_id: str, viewport_y: int | None = None, through: str | None = None) -> None:
        """Scroll so the claim's box (down to ``through``'s, when several are wanted) is wholly in view,
        its top at ``viewport_y`` (default: a third of the way down) unless that would cut its bottom off."""
        height = self.viewport().height()
        rect = self.claim_rect(claim_id)
        if through is not None and through != claim_id:
            rect = rect.united(self.claim_rect(through))
        if viewport_y is None:
            viewport_y = height // 3
        y = max(0, min(viewport_y, height - rect.height() - 4))
        self.verticalScrollBar().setValue(rect.top() - y)

    # -- selection ----------------------------------------------------------------------------------
    def set_selection(self, claim_ids) -> None:
        claim_ids = set(claim_ids)
        self._selected = {c for c in claim_ids if c in self._index}
        # a selected claim another account reports alone lights up its gap row here
        self._selected_gap_claims = claim_ids - self._selected
        self.viewport().update()

    def selection(self) -> set[str]:
        return set(self._selected)

    def set_found(self, found: dict[str, tuple[tuple[int, int], ...]], current: str | None = None) -> None:
        """Highlight these places (offsets into each claim's text); ``current``: the claim the find bar is on."""
        self._found = {c: r for c, r in found.items() if c in self._index}
        self._found_current = current
        self.viewport().update()

    def found(self) -> dict[str, tuple[tuple[int, int], ...]]:
        return dict(self._found)

    # -- painting -----------------------------------------------------------------------------------
    _painting = False

    def paintEvent(self, event) -> None:  # noqa: N802
        self._painting = True
        try:
            self._exact_in_view()
        finally:
            self._painting = False
        painter = QPainter(self.viewport())
        # no antialiasing: every shape here is an axis-aligned rectangle on the pixel grid, and
        # antialiased hatching costs tens of milliseconds a pane (text stays antialiased)
        palette = self.palette()
        painter.fillRect(self.viewport().rect(), palette.color(QPalette.ColorRole.Base))
        if not self._boxes:
            painter.end()
            self.painted.emit()
            return
        offset = self.verticalScrollBar().value()
        height = self.viewport().height()
        first = max(0, bisect_right(self._tops, offset) - 1)
        marks, captions = mark_font(self.font()), self._caption_font()
        text_colour = palette.color(QPalette.ColorRole.Text)
        width, reading, selected = self.viewport().width(), self._reading, self._selected
        for box in self._boxes[first:]:
            top = box.top - offset
            if top > height:
                break
            cid = box.claim.id
            paint_box(painter, reading, box, top, width, cid in selected, palette, marks, captions, text_colour,
                      self._found.get(cid, ()), cid == self._found_current)
        for gap_box in self.gap_boxes():
            if gap_box.top + gap_box.height >= offset and gap_box.top - offset <= height:
                lit = bool(self._selected_gap_claims & set(gap_box.gap.claims))
                paint_gap(painter, gap_box, gap_box.top - offset, width, lit, palette, captions)
        painter.end()
        self.painted.emit()

    # -- interaction --------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._boxes:
            y = event.position().y() + self.verticalScrollBar().value()
            gap_box = self.gap_at(y)
            claim_id = self.claim_at(y)
            if gap_box is not None:
                self.claimClicked.emit(gap_box.gap.claims[0])  # go to what this account left out
            elif claim_id and self.claim_rect(claim_id).contains(int(event.position().x()), int(y)):
                self.claimClicked.emit(claim_id)
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Up/Down select the previous/next claim of this account; Home/End the first/last."""
        key = event.key()
        if self._boxes and event.modifiers() == Qt.KeyboardModifier.NoModifier and key in (
            Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End
        ):
            current = [self._index[c] for c in self._selected]
            if key == Qt.Key.Key_Home or (not current and key == Qt.Key.Key_Down):
                i = 0
            elif key == Qt.Key.Key_End or (not current and key == Qt.Key.Key_Up):
                i = len(self._boxes) - 1
            elif key == Qt.Key.Key_Down:
                i = min(len(self._boxes) - 1, max(current) + 1)
            else:
                i = max(0, min(current) - 1)
            claim_id = self._boxes[i].claim.id
            self.claimClicked.emit(claim_id)
            if not self.is_wholly_visible(claim_id):  # no group to select it by (never so today): still show it
                self.reveal(claim_id)
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == event.Type.ToolTip and self._boxes and self._reading:
            y = event.pos().y() + self.verticalScrollBar().value()
            gap_box = self.gap_at(y)
            if gap_box is not None:
                comparison = self._reading.comparison
                lines = [gap_box.text.replace("∅  ", "")] + [f"{c}: {comparison.claim(c).text}" for c in gap_box.gap.claims[:12]]
                # escaped: an account's "<b>" must read as text, not turn the tooltip bold
                QToolTip.showText(event.globalPos(), "<qt>" + "<br>".join(explain.e(line) for line in lines) + "</qt>", self.viewport())
                return True
            claim_id = self.claim_at(y)
            if claim_id:
                QToolTip.showText(event.globalPos(), self.tooltip(claim_id), self.viewport())
                return True
        return super().viewportEvent(event)

    def tooltip(self, claim_id: str) -> str:
        """Why: the claim's state and each of its links explained (relation, score, kinds, reasons)."""
        box = self._boxes[self._index[claim_id]]
        reading = self._reading
        return explain.claim_tooltip(reading.comparison, claim_id, cues.state_name(box.state), box.caption.split(" · ", 1)[-1],
                                     verdict=lambda link: explain.analyst_verdict(reading, link))
