"""How each claim state looks: a colour, and a second cue that survives grey-scale printing and
colour blindness (a margin mark, a border style, a hatch for omissions).

Colours are tints blended into the system palette's base colour, so the window stays readable
in both the light and the dark palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen

from ...core.marks import MARKS, ORDER, WORDING_COLOUR
from ...core.reading import State


@dataclass(frozen=True)
class Cue:
    colour: str  # the state's hue; fills are tints of it (core.marks: the one table of marks and colours)
    mark: str  # drawn in the claim's left margin
    pen: Qt.PenStyle  # border style of the claim's box
    width: float  # border width
    hatch: bool  # diagonal hatch behind the text (omissions)


# What only the window needs: how a box's border is drawn. Mark and colour come from core.marks.
_BORDERS = {
    State.MATCHED: (Qt.PenStyle.SolidLine, 1.0, False),
    State.CHANGED: (Qt.PenStyle.SolidLine, 1.5, False),
    State.CONFLICT: (Qt.PenStyle.SolidLine, 3.0, False),
    State.RELATED: (Qt.PenStyle.DotLine, 1.5, False),
    State.OMITTED: (Qt.PenStyle.DashLine, 2.0, True),
}
CUES: dict[State, Cue] = {state: Cue(MARKS[state].colour, MARKS[state].symbol, *_BORDERS[state]) for state in ORDER}
LEGEND = [(state, MARKS[state].legend) for state in ORDER]


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


FIND_COLOUR = "#0288d1"  # words found by the find bar: a blue apart from the amber of differing words


def find_fill(palette: QPalette, current: bool) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, QColor(FIND_COLOUR), (0.55 if current else 0.3) if is_dark(palette) else (0.45 if current else 0.22))


def find_pen(palette: QPalette, current: bool) -> QPen:
    """A frame round each place found (the cue that survives grey-scale), heavier on the current one."""
    return QPen(hue_of(FIND_COLOUR, palette), 2.5 if current else 1.0)


def hue_of(colour: str, palette: QPalette) -> QColor:
    return QColor(colour).lighter(150) if is_dark(palette) else QColor(colour)


def band_colour(state: State, palette: QPalette, alpha: int = 90) -> QColor:
    colour = hue(state, palette)
    colour.setAlpha(alpha)
    return colour


def state_name(state: State) -> str:
    return MARKS[state].name
