"""A thin strip beside a pane showing where the differences lie in the whole account.

Each difference is a tick at its proportional height, in its state's colour, with a mark shape
that differs by state (omissions hatched, conflicts full width); the frame shows what is in
view. Clicking the strip scrolls the pane there and selects the nearest difference.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
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
        # While a long account is laid out exactly below the view, its height (the scroll bar's
        # range) changes on every turn of the event loop; the marks barely move, so they follow
        # ten times a second rather than at every turn.
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(100)
        self._follow.timeout.connect(self.update)
        view.verticalScrollBar().rangeChanged.connect(lambda *_: self._follow.isActive() or self._follow.start())
        self._runs_for: tuple | None = None  # what the marks were worked out for (scrolling does not move them)
        self._kept_runs: list[tuple[State, QRectF]] = []

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

    def paint_after_the_panes(self) -> None:
        """Paint the marks a turn after the panes' first paint (a new comparison: a long one's
        thousands of marks are worked out and painted on a turn of their own)."""
        self._after_the_panes = True
        self.update()

    _after_the_panes = False

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        if self._after_the_panes:
            self._after_the_panes = False
            QTimer.singleShot(0, self, self.update)  # started here: after this paint, whatever else is queued
            return
        # Each state's colours once, not once a mark: a long account has thousands of marks.
        colours = {state: (cues.hue(state, palette), cues.hatch_brush(state, palette).color().darker(300) if cue.hatch else None)
                   for state, cue in cues.CUES.items()}
        for state, rect in self._runs():
            if state is not State.CONFLICT:
                rect = rect.adjusted(2, 0, -2, 0)  # conflicts are the only full-width marks
            fill, hatch = colours[state]
            painter.fillRect(rect, fill)
            if hatch is not None:
                painter.fillRect(rect, hatch)
        scale = self._scale()
        top = self.view.verticalScrollBar().value() * scale
        frame = QRectF(0.5, top + 0.5, self.width() - 1, max(4.0, self.view.viewport().height() * scale) - 1)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 1))
        painter.drawRect(frame)

    def _runs(self) -> list[tuple[State, QRectF]]:
        """The marks as painted: in a long account many claims share a few pixels of the strip, and
        marks of one state that overlap there are painted as one (a short account's marks never
        overlap, so each is its own)."""
        view = self.view
        view.boxes_in_view()  # the claims in view laid out exactly first (they may move the rest)
        key = (view.placed, self.width(), self.height(), view.viewport().height())
        if key == self._runs_for:
            return self._kept_runs
        scale = self._scale()
        runs: list[tuple[State, float, float]] = []  # (state, top, bottom) in this widget's coordinates
        state = None
        top = bottom = 0.0
        for box in view.differing_boxes():  # thousands in a long account: kept tight
            y1 = box.top * scale
            tall = box.height * scale
            y2 = y1 + (tall if tall > 3.0 else 3.0)
            if box.state is state and y1 < bottom:
                if y2 > bottom:
                    bottom = y2
            else:
                if state is not None:
                    runs.append((state, top, bottom))
                state, top, bottom = box.state, y1, y2
        if state is not None:
            runs.append((state, top, bottom))
        width = self.width() - 2
        self._runs_for = (view.placed, self.width(), self.height(), view.viewport().height())
        self._kept_runs = [(kind, QRectF(1, y1, width, y2 - y1)) for kind, y1, y2 in runs]
        return self._kept_runs

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
