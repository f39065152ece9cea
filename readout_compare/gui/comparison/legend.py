"""The legend: each relation's box, border and margin mark, with its name."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from . import cues
from .flow_layout import FlowLayout
from ...core.reading import State


def swatch(state: State, palette, size: QSize = QSize(40, 20), ratio: float = 1.0) -> QPixmap:
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    cue = cues.CUES[state]
    box = QRectF(15.5, 2.5, size.width() - 18, size.height() - 5)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(cues.fill(state, palette))
    painter.drawRect(box)
    if cue.hatch:
        painter.setBrush(cues.hatch_brush(state, palette))
        painter.drawRect(box)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(cues.border_pen(state, palette))
    painter.drawRect(box)
    font = QFont()
    font.setBold(True)
    font.setPointSize(11)
    painter.setFont(font)
    painter.setPen(cues.hue(state, palette))
    painter.drawText(QRectF(0, 0, 15, size.height()), Qt.AlignmentFlag.AlignCenter, cue.mark)
    painter.end()
    return pixmap


class Legend(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        # Entries wrap onto a second line when the window is narrow (a library dock open, say)
        # rather than being cut off; each swatch stays beside its words.
        layout = FlowLayout(self, spacing=16)
        layout.setContentsMargins(6, 2, 6, 2)
        title = QLabel("Legend:")
        title.setStyleSheet("font-weight: bold")
        layout.addWidget(title)
        self.entries: list[tuple[State, str]] = []
        self._icons: list[tuple[State, QLabel]] = []
        for state, text in cues.LEGEND:
            entry = QWidget()
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            icon = QLabel()
            self._icons.append((state, icon))
            row.addWidget(icon)
            row.addWidget(QLabel(text))
            layout.addWidget(entry)
            self.entries.append((state, text))
        # never let the legend hold the window wider than the analyst wants it
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._paint_swatches()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.layout().heightForWidth(width)

    def _paint_swatches(self) -> None:
        for state, icon in self._icons:
            icon.setPixmap(swatch(state, self.palette(), ratio=self.devicePixelRatioF()))

    def changeEvent(self, event) -> None:  # noqa: N802
        # the system switched between light and dark: the swatches follow, like the panes
        if event.type() == event.Type.PaletteChange:
            self._paint_swatches()
        super().changeEvent(event)
