"""How each claim state is shown, in every view: one mark, one colour, one set of words.

The window's panes, legend, table and overview, the terminal report and every briefing format
read this table, so "≈ matched, different wording" means the same thing wherever the analyst
or her reader looks. The mark carries the meaning on a black-and-white printout and for readers
who do not see the colours; the colour only helps. Standard library only (colours are "#rrggbb").
"""

from __future__ import annotations

from dataclasses import dataclass

from .reading import State


@dataclass(frozen=True)
class Mark:
    symbol: str  # drawn in the claim's margin, printed before a briefing row
    colour: str  # the state's hue (screen): borders, bands, bars
    tint: str  # a light fill of the hue, behind black text (briefings)
    name: str  # the state in a few words: "matched, different wording"
    legend: str  # the legend's longer words
    heading: str  # a briefing row's relation column: "Match", "Different wording", ...


MARKS: dict[State, Mark] = {
    State.MATCHED: Mark("=", "#2e7d32", "#e3f1e5", "matched", "matched", "Match"),
    State.CHANGED: Mark("≈", "#1565c0", "#e1ecf8", "matched, different wording",
                        "matched, different wording (words underlined)", "Match, different wording"),
    State.CONFLICT: Mark("≠", "#c62828", "#f9dcdc", "conflict", "conflict", "Conflict"),
    State.RELATED: Mark("~", "#7b1fa2", "#efe3f4", "related only", "related topic only", "Related topic only"),
    State.OMITTED: Mark("∅", "#e65100", "#eeeeee", "only in one account",
                        "only in this account (left out by the others)", "Only in one account"),
}
WORDING_COLOUR = "#f9a825"  # differing words: amber background plus an underline
DIFFERENCE_TINT = "#ffe680"  # the same, light enough for print

# The states in the order the legend and the briefings list them.
ORDER = (State.MATCHED, State.CHANGED, State.CONFLICT, State.RELATED, State.OMITTED)


def mark(state: State) -> Mark:
    return MARKS[state]
