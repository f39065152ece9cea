"""The curved bands between two adjacent account panes.

One band per matched or conflicting group that has claims in both panes, drawn from the left
claim's box to the right claim's box with a cubic curve whose control points sit at mid-width,
so bands cross visibly when the accounts order their topics differently. When one end is
scrolled out of view only a stub is drawn on the visible side, pointing the way to its
counterpart (the idea of Meld's link map). Every end is held within the height of its pane's
view: a claim half scrolled away is joined by the part still in view, and nothing is drawn
beside the panes' headers (the map is as tall as the panes, headers included). A band whose link
the analyst accepted (a stored event's judgement) carries a ✓ half way across, and its tooltip
says so. A claim's possible counterpart (a related link the engine gives a chance of being one)
is joined by a dashed, almost unfilled band beneath the others, drawn only when both claims are in
view: it says "check this one" beside the omission mark, without looking like a match.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from . import cues, explain
from .claim_view import ClaimView
from .pane_content import LinkedPairs, linked_pairs
from ...core.reading import Reading, State

STUB = 14  # how far a stub reaches into the map
ACCEPTED_MARK = 16  # the diameter of the ✓ on a band whose link the analyst accepted


@dataclass(frozen=True)
class Band:
    group: int
    left: str
    right: str
    state: State
    stub: str  # "" for a full band, "left" or "right" for the side that is drawn alone
    path: QPainterPath
    left_end: tuple[float, float] | None  # (top, bottom) where the band meets the left pane (None: not drawn there)
    right_end: tuple[float, float] | None
    accepted: bool = False  # the analyst accepted the engine's link between the two claims (a ✓ on the band)

    @property
    def possible(self) -> bool:
        """A possible counterpart's band (dashed), not a counterpart's."""
        return self.state is State.RELATED


class LinkMap(QWidget):
    groupClicked = Signal(int)

    def __init__(self, left: ClaimView, right: ClaimView, parent=None):
        super().__init__(parent)
        self.left, self.right = left, right
        self.setFixedWidth(64)  # the room narrows it when three or more panes share the row
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self._pairs: list[tuple[int, str, str, State]] = []
        self._linked = LinkedPairs((), (), ())
        self._selected: int | None = None
        for view in (left, right):
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.laidOut.connect(self.update)

    def set_pairs(self, reading: Reading, left_account: int, right_account: int) -> None:
        """Work out which claims to join: within each group, the directly linked pairs."""
        self._reading = reading
        self._linked = linked_pairs(reading, left_account, right_account)
        self._pairs = list(self._linked.pairs)
        self._selected = None
        self.update()

    def set_selected_group(self, group: int | None) -> None:
        self._selected = group
        self.update()

    # -- geometry -------------------------------------------------------------------------------------
    def _viewport_offset(self, view: ClaimView) -> int:
        # The views' viewports may start lower than this widget (pane headers): measure it.
        return view.viewport().mapTo(self.window(), QPoint(0, 0)).y() - self.mapTo(self.window(), QPoint(0, 0)).y()

    def bands(self) -> list[Band]:
        """The bands and stubs that are visible now, in paint order."""
        out: list[Band] = []
        if not self._pairs:
            return out
        w = self.width()
        lo, ro = self._viewport_offset(self.left), self._viewport_offset(self.right)
        lh, rh = self.left.viewport().height(), self.right.viewport().height()
        left, right = self.left, self.right
        pairs = self._pairs_in_view()  # lays out the claims in view exactly first
        lv, rv = left.verticalScrollBar().value(), right.verticalScrollBar().value()
        for g, a, b, state in pairs:
            (lt, lb), (rt, rb) = left.span_at(left.index_of(a)), right.span_at(right.index_of(b))
            lt, lb, rt, rb = lt - lv, lb - lv, rt - rv, rb - rv  # viewport coordinates
            left_in = lb >= 0 and lt <= lh
            right_in = rb >= 0 and rt <= rh
            if not left_in and not right_in:
                continue
            if state is State.RELATED and not (left_in and right_in):
                continue  # a possible counterpart is pointed at only when both claims can be read
            # each side's part of the claim that is in view, in this widget's coordinates
            l1, l2 = max(lt, 0) + lo, min(lb, lh) + lo
            r1, r2 = max(rt, 0) + ro, min(rb, rh) + ro
            if left_in and right_in:
                path = QPainterPath(QPointF(0, l1))
                path.cubicTo(QPointF(w / 2, l1), QPointF(w / 2, r1), QPointF(w, r1))
                path.lineTo(QPointF(w, r2))
                path.cubicTo(QPointF(w / 2, r2), QPointF(w / 2, l2), QPointF(0, l2))
                path.closeSubpath()
                out.append(Band(g, a, b, state, "", path, (l1, l2), (r1, r2), self._verdict(a, b) == "accepted"))
            else:
                # a stub on the visible side, its point aimed up or down at the hidden counterpart,
                # kept within that pane's view
                if left_in:
                    y1, y2, x0, x1, top, bottom = l1, l2, 0.0, float(STUB), lo, lo + lh
                    up = rb < 0
                else:
                    y1, y2, x0, x1, top, bottom = r1, r2, float(w), float(w - STUB), ro, ro + rh
                    up = lb < 0
                tip_y = max(top, y1 - 6) if up else min(bottom, y2 + 6)
                tip = QPointF(x1 + (6 if left_in else -6), tip_y)
                path = QPainterPath()
                path.addPolygon(QPolygonF([QPointF(x0, y1), QPointF(x1, y1), tip, QPointF(x1, y2), QPointF(x0, y2)]))
                path.closeSubpath()
                ends = ((y1, y2), None) if left_in else (None, (y1, y2))
                out.append(Band(g, a, b, state, "left" if left_in else "right", path, *ends))
        # possible counterparts beneath the counterparts, the selected group on top
        out.sort(key=lambda band: (not band.possible, band.group == self._selected))
        return out

    def _pairs_in_view(self) -> list[tuple[int, str, str, State]]:
        """The pairs with at least one end's box reaching into its pane's view, in paint order:
        found by bisection, not by going through every pair of a long comparison."""
        chosen: set[int] = set()
        for ends, view in ((self._linked.by_left, self.left), (self._linked.by_right, self.right)):
            shown = view.boxes_in_view()
            for _position, i in ends[bisect_left(ends, (shown.start, -1)) : bisect_left(ends, (shown.stop, -1))]:
                chosen.add(i)
        return [self._pairs[i] for i in sorted(chosen)]

    def _verdict(self, a: str, b: str) -> str:
        """How the analyst judged the link between the two claims ("" for none, or the engine's alone)."""
        link = self._reading.comparison.link_between(a, b)
        return explain.analyst_verdict(self._reading, link) if link is not None else ""

    def visible_groups(self) -> set[int]:
        return {band.group for band in self.bands() if not band.stub and not band.possible}

    # -- painting and clicks --------------------------------------------------------------------------
    def paint_after_the_panes(self) -> None:
        """Paint the bands a turn after the panes' first paint (a new comparison: the bands of a
        long one took a third of the turn that first painted it)."""
        self._after_the_panes = True
        self.update()

    _after_the_panes = False

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        if self._after_the_panes:
            self._after_the_panes = False
            QTimer.singleShot(0, self, self.update)  # started here: after this paint, whatever else is queued
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # nothing beside the headers: only the height the panes' views share
        lo, ro = self._viewport_offset(self.left), self._viewport_offset(self.right)
        top = min(lo, ro)
        bottom = max(lo + self.left.viewport().height(), ro + self.right.viewport().height())
        painter.setClipRect(0, top, self.width(), bottom - top)
        bands = self.bands()
        for band in bands:
            selected = band.group == self._selected
            if band.possible:
                painter.setBrush(cues.band_colour(band.state, palette, 60 if selected else 24))
                painter.setPen(QPen(cues.hue(band.state, palette), 1.5 if selected else 1.0, Qt.PenStyle.DashLine))
                painter.drawPath(band.path)
                continue
            painter.setBrush(cues.band_colour(band.state, palette, 170 if selected else 80))
            cue = cues.CUES[band.state]
            pen = QPen(cues.hue(band.state, palette), 2.0 if selected else 1.0, cue.pen)
            if band.state is State.CONFLICT:
                pen.setWidthF(2.5 if not selected else 3.5)
            painter.setPen(pen)
            painter.drawPath(band.path)
        for band in bands:  # over every band, so no band crossing this one hides its ✓
            if band.accepted:
                self._paint_accepted(painter, band, palette)

    def accepted_mark(self, band: Band) -> QRectF:
        """Where an accepted band's ✓ sits: a small disc on the band, half way across the map."""
        (l1, l2), (r1, r2) = band.left_end, band.right_end
        y = ((l1 + l2) / 2 + (r1 + r2) / 2) / 2  # the band's middle line crosses mid-width level with the mean of its ends
        return QRectF(self.width() / 2 - ACCEPTED_MARK / 2, y - ACCEPTED_MARK / 2, ACCEPTED_MARK, ACCEPTED_MARK)

    def _paint_accepted(self, painter: QPainter, band: Band, palette: QPalette) -> None:
        rect = self.accepted_mark(band)
        painter.setPen(QPen(cues.hue(band.state, palette), 1.0))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawEllipse(rect)
        # the tick drawn, not typed: as clear at any font size, and in no font's fallback
        c, r = rect.center(), ACCEPTED_MARK / 2
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2.0))
        painter.drawPolyline(QPolygonF([QPointF(c.x() - 0.45 * r, c.y()), QPointF(c.x() - 0.1 * r, c.y() + 0.4 * r),
                                        QPointF(c.x() + 0.5 * r, c.y() - 0.4 * r)]))

    def band_at(self, point: QPointF) -> Band | None:
        return next((band for band in reversed(self.bands()) if band.path.contains(point)), None)

    def tooltip(self, band: Band) -> str:
        """Why the two claims of a band are linked (relation, score, kinds, reasons)."""
        comparison = self._reading.comparison
        link = comparison.link_between(band.left, band.right)
        if link is None:  # joined through a third account: explain the left claim's links
            return self.left.tooltip(band.left)
        return explain.link_tooltip(comparison, link, verdict=explain.analyst_verdict(self._reading, link))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._pairs:
            band = self.band_at(QPointF(event.pos()))
            if band is not None:
                QToolTip.showText(event.globalPos(), self.tooltip(band), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        # the wheel over the map scrolls the accounts (the left one leads, the others follow)
        self.left.wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            point = event.position()
            for band in reversed(self.bands()):
                if band.path.contains(point):
                    self.groupClicked.emit(band.group)
                    return
        super().mousePressEvent(event)
