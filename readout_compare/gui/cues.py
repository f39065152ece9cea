"""How each claim state looks: a colour, and a second cue that survives grey-scale printing and
colour blindness (a margin mark, a border style, a hatch for omissions).

Colours are tints blended into the system palette's base colour, so the window stays readable
in both the light and the dark palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen

from .reading import STATE_NAMES, State


@dataclass(frozen=True)
class Cue:
    colour: str  # the state's hue; fills are tints of it
    mark: str  # drawn in the claim's left margin
    pen: Qt.PenStyle  # border style of the claim's box
    width: float  # border width
    hatch: bool  # diagonal hatch behind the text (omissions)


CUES: dict[State, Cue] = {
    State.MATCHED: Cue("#2e7d32", "=", Qt.PenStyle.SolidLine, 1.0, False),
    State.CHANGED: Cue("#1565c0", "≈", Qt.PenStyle.SolidLine, 1.5, False),
    State.CONFLICT: Cue("#c62828", "≠", Qt.PenStyle.SolidLine, 3.0, False),
    State.RELATED: Cue("#7b1fa2", "~", Qt.PenStyle.DotLine, 1.5, False),
    State.OMITTED: Cue("#e65100", "∅", Qt.PenStyle.DashLine, 2.0, True),
}
WORDING_COLOUR = "#f9a825"  # differing words: amber background plus an underline

LEGEND = [
    (State.MATCHED, "matched"),
    (State.CHANGED, "matched, different wording (words underlined)"),
    (State.CONFLICT, "conflict"),
    (State.RELATED, "related topic only"),
    (State.OMITTED, "only in this account (left out by the others)"),
]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(base: QColor, colour: QColor, amount: float) -> QColor:
    return QColor(
        round(base.red() + (colour.red() - base.red()) * amount),
        round(base.green() + (colour.green() - base.green()) * amount),
        round(base.blue() + (colour.blue() - base.blue()) * amount),
    )


def hue(state: State, palette: QPalette) -> QColor:
    colour = QColor(CUES[state].colour)
    return colour.lighter(160) if is_dark(palette) else colour


def fill(state: State, palette: QPalette) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, QColor(CUES[state].colour), 0.28 if is_dark(palette) else 0.12)


def border_pen(state: State, palette: QPalette) -> QPen:
    cue = CUES[state]
    pen = QPen(hue(state, palette), cue.width, cue.pen)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


def hatch_brush(state: State, palette: QPalette) -> QBrush:
    colour = hue(state, palette)
    colour.setAlpha(60)
    return QBrush(colour, Qt.BrushStyle.BDiagPattern)


def wording_fill(palette: QPalette) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, QColor(WORDING_COLOUR), 0.55 if is_dark(palette) else 0.45)


def band_colour(state: State, palette: QPalette, alpha: int = 90) -> QColor:
    colour = hue(state, palette)
    colour.setAlpha(alpha)
    return colour


def state_name(state: State) -> str:
    return STATE_NAMES[state]
