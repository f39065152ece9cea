"""A thin strip beside a pane showing where the differences lie in the whole account.

Each difference is a tick at its proportional height, in its state's colour, with a mark shape
that differs by state (omissions hatched, conflicts full width); the frame shows what is in
view. Clicking the strip scrolls the pane there and selects the nearest difference.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import cues
from .claim_view import ClaimView
from ...core.reading import State


class OverviewStrip(QWidget):
    claimClicked = Signal(str)

    def __init__(self, view: ClaimView, parent=None):
        super().__init__(parent)
        self.view = view
        self.setFixedWidth(14)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setToolTip("Where the differences lie in this account; click to go there")
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.laidOut.connect(self.update)

    def _scale(self) -> float:
        # A short account keeps its true proportions: marks sit level with their claims.
        return self.height() / max(1, self.view.content_height(), self.view.viewport().height())

    def marks(self) -> list[tuple[str, State, QRectF]]:
        """(claim id, state, rectangle in this widget) for each claim that differs."""
        scale = self._scale()
        out = []
        width = self.width() - 2
        for cid, (top, bottom) in self.view.spans().items():
            state = self.view.state_of(cid)
            if state.is_difference:
                out.append((cid, state, QRectF(1, top * scale, width, max(3.0, (bottom - top) * scale))))
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        for _cid, state, rect in self.marks():
            if state is not State.CONFLICT:
                rect = rect.adjusted(2, 0, -2, 0)  # conflicts are the only full-width marks
            painter.fillRect(rect, cues.hue(state, palette))
            if cues.CUES[state].hatch:
                painter.fillRect(rect, cues.hatch_brush(state, palette).color().darker(300))
        scale = self._scale()
        top = self.view.verticalScrollBar().value() * scale
        frame = QRectF(0.5, top + 0.5, self.width() - 1, max(4.0, self.view.viewport().height() * scale) - 1)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 1))
        painter.drawRect(frame)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        y = event.position().y()
        content_y = y / self._scale()
        marks = self.marks()
        if marks:
            nearest = min(marks, key=lambda m: abs(m[2].center().y() - y))
            self.claimClicked.emit(nearest[0])
        else:
            bar = self.view.verticalScrollBar()
            bar.setValue(int(content_y - self.view.viewport().height() / 2))
