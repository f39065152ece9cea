"""Links between two accounts whose panes are not side by side, drawn for the selected group only.

The link maps join neighbouring panes; with three or more accounts a claim of the first account
can be linked to one of the third with nothing in between (the Kremlin account leaves the topic
out), and no band could show it. When the analyst selects such a group, this transparent layer
over the row of panes draws each of those links as a thin line from the right edge of the one
claim's box to the left edge of the other's; it crosses each pane between them through a blank
strip between two boxes, so it never runs over a claim's text. A link is drawn only while both
of its claims are in view: the ends always lie on the claims they join. The layer takes no
clicks: they reach the panes under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from ...core.reading import Reading, State
from . import cues
from .claim_view import ClaimView


@dataclass(frozen=True)
class CrossLink:
    left: str  # the claim in the pane further left
    right: str
    state: State
    start: QPointF  # on the left claim's box, in the layer's coordinates
    end: QPointF  # on the right claim's box
    path: QPainterPath  # through the panes between them


class CrossLinks(QWidget):
    def __init__(self, view, parent: QWidget):
        super().__init__(parent)
        self._view = view  # the ComparisonView: its panes and their order
        self._reading: Reading | None = None
        self._order: list[int] = []
        self._selected: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        parent.installEventFilter(self)  # cover the whole row as it resizes

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parent().rect())
            self.raise_()
        return False

    def watch(self, view: ClaimView) -> None:
        """Follow this pane's scrolling and layout."""
        view.verticalScrollBar().valueChanged.connect(self._changed)
        view.laidOut.connect(self._changed)

    def set_reading(self, reading: Reading, order: list[int]) -> None:
        self._reading, self._order = reading, list(order)
        self._changed()

    def set_selected_group(self, group: int | None) -> None:
        self._selected = group
        self._changed()

    def _changed(self) -> None:
        self.setVisible(self._selected is not None and len(self._order) >= 3)
        self.update()

    def _pairs(self) -> list[tuple[str, str, State]]:
        """The selected group's links between accounts that are not neighbours, left claim first."""
        reading, group = self._reading, self._selected
        if reading is None or group is None or group >= len(reading.groups):
            return []
        comparison = reading.comparison
        position = {k: p for p, k in enumerate(self._order)}
        claims = reading.groups[group].claims
        out = []
        for a in claims:
            for b in claims:
                pa, pb = position[comparison.claim(a).account], position[comparison.claim(b).account]
                if pb - pa >= 2 and comparison.link_between(a, b) is not None:
                    state = reading.group_states[group]
                    if state not in (State.CONFLICT, State.CHANGED):
                        state = State.MATCHED
                    out.append((a, b, state))
        return out

    def links(self) -> list[CrossLink]:
        """The cross-links drawn now (both claims in view), in this layer's coordinates."""
        if not self.isVisible():
            return []
        comparison = self._reading.comparison
        panes = self._view.panes
        out = []
        for a, b, state in self._pairs():
            left, right = panes[comparison.claim(a).account].view, panes[comparison.claim(b).account].view
            ra, rb = left.visible_rect(a), right.visible_rect(b)
            if not (_inside(left, ra) and _inside(right, rb)):
                continue
            start = QPointF(left.viewport().mapTo(self.parent(), QPoint(ra.right(), ra.top() + min(ra.height(), 40) // 2)))
            end = QPointF(right.viewport().mapTo(self.parent(), QPoint(rb.left(), rb.top() + min(rb.height(), 40) // 2)))
            between = self._order[self._order.index(comparison.claim(a).account) + 1 : self._order.index(comparison.claim(b).account)]
            out.append(CrossLink(a, b, state, start, end, self._route(start, end, [panes[k].view for k in between])))
        return out

    def _route(self, start: QPointF, end: QPointF, between: list[ClaimView]) -> QPainterPath:
        """From ``start`` to ``end``, across each pane between through the blank strip nearest to level."""
        path = QPainterPath(start)
        here = start
        wanted = (start.y() + end.y()) / 2
        for view in between:
            origin = view.viewport().mapTo(self.parent(), QPoint(0, 0))
            spaces = [y + origin.y() for y in view.spaces_in_view()]
            y = min(spaces, key=lambda s: abs(s - wanted)) if spaces else wanted
            enter, leave = QPointF(origin.x(), y), QPointF(origin.x() + view.viewport().width(), y)
            _curve(path, here, enter)
            path.lineTo(leave)
            here = leave
        _curve(path, here, end)
        return path

    def paintEvent(self, event) -> None:  # noqa: N802
        links = self.links()
        if not links:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        for link in links:
            colour = cues.hue(link.state, palette)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DashLine if link.state is not State.CONFLICT else Qt.PenStyle.SolidLine))
            painter.drawPath(link.path)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            for point in (link.start, link.end):
                painter.drawEllipse(QRectF(point.x() - 4, point.y() - 4, 8, 8))


def _inside(view: ClaimView, rect) -> bool:
    """Where the curve meets the box is in the pane's view."""
    return 0 <= rect.top() + min(rect.height(), 40) // 2 <= view.viewport().height()


def _curve(path: QPainterPath, a: QPointF, b: QPointF) -> None:
    """A curve from a to b leaving and arriving level, like the bands."""
    mid = (a.x() + b.x()) / 2
    path.cubicTo(QPointF(mid, a.y()), QPointF(mid, b.y()), b)
