"""How one claim box and one gap row are painted in an account's pane.

A box: its state's tint (hatched for an omission), a border in the state's style, the margin
mark that needs no colour, the analyst's own marks under it (✓ reviewed, ⚑ tagged, ✎ noted),
the text with the differing words highlighted, a conflict's reason and the caption. A gap row:
hatched, dashed, saying what this account leaves out. Captions, reasons and gap rows wrap onto
as many lines as the view gave them (``Box.caption_rows``, ``GapBox.rows``): nothing is cut off. Colours come from
``cues``, so both follow the palette (light or dark). The view decides what is visible and where.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from ...core.reading import Reading, State
from . import cues
from .claim_boxes import MARGIN, PAD, WRAP, Box, GapBox, caption_row, caption_width


def caption_font(font: QFont) -> QFont:
    """The captions' font: smaller and italic beside the claims' text."""
    caption = QFont(font)
    caption.setPointSizeF(max(6.0, caption.pointSizeF() * 0.82))
    caption.setItalic(True)
    return caption


def detail_font(caption: QFont) -> QFont:
    """A conflict's reason: the caption's size, upright and bold."""
    detail = QFont(caption)
    detail.setItalic(False)
    detail.setBold(True)
    return detail


def mark_font(font: QFont) -> QFont:
    """The margin marks' font: bold and larger than the claims' text."""
    mark = QFont(font)
    mark.setBold(True)
    mark.setPointSizeF(font.pointSizeF() * 1.25)
    return mark


def wording_ranges(reading: Reading | None, box: Box) -> list[tuple[int, int]]:
    """The differing words of a claim, as offsets into the claim's own text."""
    spans = reading.wording.get(box.claim.id, ()) if reading else ()
    out = []
    for span in spans:
        start, end = max(span.start, box.claim.start) - box.claim.start, min(span.end, box.claim.end) - box.claim.start
        if end > start:
            out.append((start, end))
    return out


def paint_wording(painter: QPainter, reading: Reading | None, box: Box, origin: QPointF, palette: QPalette) -> None:
    # Drawn by hand rather than baked into the layout with setFormats, so that the highlight
    # follows a palette change (light/dark) without laying every claim out again.
    ranges = wording_ranges(reading, box)
    if not ranges:
        return
    layout = box.layout
    fill = cues.wording_fill(palette)
    underline = QPen(cues.hue(State.CHANGED, palette), 1.5)
    for rect in _range_rects(layout, origin, ranges):
        painter.fillRect(rect, fill)
        painter.setPen(underline)
        painter.drawLine(QPointF(rect.left(), rect.bottom() - 1), QPointF(rect.right(), rect.bottom() - 1))


def _range_rects(layout, origin: QPointF, ranges):
    """The rectangle each character range covers on each line of a laid-out claim."""
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        first, last = line.textStart(), line.textStart() + line.textLength()
        for start, end in ranges:
            a, b = max(start, first), min(end, last)
            if b <= a:
                continue
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
            # right to left, the range's end lies left of its start
            yield QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height())


def paint_found(painter: QPainter, box: Box, origin: QPointF, ranges, current: bool, palette: QPalette) -> None:
    """The places the find bar found in this claim: a blue fill and a frame (heavier on the current claim)."""
    layout = box.layout
    painter.setPen(cues.find_pen(palette, current))
    painter.setBrush(cues.find_fill(palette, current))
    for rect in _range_rects(layout, origin, ranges):
        painter.drawRect(rect.adjusted(-1, 0, 1, 0))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def paint_gap(painter: QPainter, gap_box: GapBox, top: int, width: int, selected: bool, palette: QPalette, caption: QFont) -> None:
    rect = QRectF(MARGIN + 0.5, top + 0.5, width - MARGIN - 5, gap_box.height - 1)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(cues.hatch_brush(State.OMITTED, palette))
    painter.drawRect(rect)
    pen = QPen(cues.hue(State.OMITTED, palette), 3 if selected else 1, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    painter.setFont(caption)
    text_rect = QRectF(MARGIN + PAD + 2, top, caption_width(width), gap_box.height)
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP), gap_box.text)


def paint_box(painter: QPainter, reading: Reading | None, box: Box, top: int, width: int, selected: bool,
              palette: QPalette, mark: QFont, caption: QFont, text_colour: QColor, found=(), found_current: bool = False) -> None:
    cue = cues.CUES[box.state]
    rect = QRectF(MARGIN + 0.5, top + 0.5, width - MARGIN - 5, box.height - 1)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(cues.fill(box.state, palette))
    painter.drawRect(rect)
    if cue.hatch:
        painter.setBrush(cues.hatch_brush(box.state, palette))
        painter.drawRect(rect)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(cues.border_pen(box.state, palette))
    inset = cues.CUES[box.state].width / 2
    painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
    if selected:
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3)
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(-3, -3, 3, 3))
    # the margin mark: the cue that needs no colour
    painter.setFont(mark)
    painter.setPen(cues.hue(box.state, palette))
    painter.drawText(QRectF(0, top, MARGIN, QFontMetrics(mark).height() + PAD), Qt.AlignmentFlag.AlignCenter, cue.mark)
    judged = reading.margin_marks(box.claim.id) if hasattr(reading, "margin_marks") else ""
    if judged:  # the analyst's own marks (reviewed, tagged, noted), one under the other
        painter.setFont(caption)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        line = QFontMetrics(caption).height()
        for n, judgement in enumerate(judged):
            painter.drawText(QRectF(0, top + QFontMetrics(mark).height() + PAD + n * line, MARGIN, line), Qt.AlignmentFlag.AlignCenter, judgement)
    origin = QPointF(MARGIN + PAD + 2, top + PAD)
    paint_wording(painter, reading, box, origin, palette)
    if found:
        paint_found(painter, box, origin, found, found_current, palette)
    painter.setPen(text_colour)
    box.layout.draw(painter, origin)
    row = caption_row(caption)  # as the view measured the rows
    caption_top = top + box.height - PAD - row * box.caption_rows
    painter.setFont(caption)
    colour = cues.hue(box.state, palette) if box.state is not State.MATCHED else palette.color(QPalette.ColorRole.PlaceholderText)
    painter.setPen(colour)
    caption_rect = QRectF(MARGIN + PAD + 2, caption_top, caption_width(width), row * box.caption_rows)
    align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP)
    painter.drawText(caption_rect, align, box.caption)
    if box.detail:  # why it conflicts, between the text and the caption, in the conflict's colour
        painter.setFont(detail_font(caption))
        painter.setPen(cues.hue(State.CONFLICT, palette))
        detail_rect = QRectF(caption_rect.left(), caption_top - row * box.detail_rows, caption_rect.width(), row * box.detail_rows)
        painter.drawText(detail_rect, align, box.detail)
