"""Facets of the event itself that accounts report in unrelated words.

How long the call lasted, how it went ("frank", "warm", "productive", "regrettable") and who
asked for it are facts about the event, not topics of it. Two accounts that each report one of
these are talking about the same point even when they share no word ("forty minutes" / "more
than an hour"), so such claims are paired by facet, and the contradiction rules decide whether
they agree. Standard library only.
"""

from __future__ import annotations

import re

from .conflicts import durations, initiative
from .terms import fold

# Words that name the event being reported.
_EVENT_NOUN = re.compile(
    r"\b(talks|conversation|call|exchange|meeting|discussion|discussions|dialogue|atmosphere|outcome|summit|"
    r"visit|negotiations|session|consultations|contacts?)\b"
)
# Words that say how the event went.
# (Depth words such as "substantive" or "in-depth" describe future consultations as often as
# past talks, so they do not make a claim about how the event went.)
ASSESSMENT = re.compile(
    r"\b(warm|friendly|cordial|amicable|fruitful|productive|positive|successful|useful|constructive|"
    r"frank|candid|direct|straightforward|businesslike|blunt|"
    r"tense|difficult|regrettable|worrying|disappointing|unproductive|negative|sharp|heated)\b"
)

FACETS = ("duration", "tone", "initiative")
# A readout states the event's length, tone or initiator once or twice. An account with more
# claims of one facet than this is describing many meetings (a long record, a chronology), and
# pairing all of them across accounts would link everything to everything: leave it to similarity.
MAX_PER_FACET = 3


def facets(text: str) -> set[str]:
    """Which facets of the event a claim reports."""
    folded = fold(text)
    found = set()
    if durations(text) and (_EVENT_NOUN.search(folded) or re.search(r"\b(lasted|spoke|talked|met)\b", folded)):
        found.add("duration")
    if ASSESSMENT.search(folded) and _EVENT_NOUN.search(folded):
        found.add("tone")
    if initiative(text):
        found.add("initiative")
    return found


def facet_pairs(left_texts: list[str], right_texts: list[str]) -> dict[tuple[int, int], str]:
    """Pairs of claims (left index, right index) that report the same facet of the event."""
    return pairs_by_facet([facets(t) for t in left_texts], [facets(t) for t in right_texts])


def pairs_by_facet(left: list[set[str]] | list[frozenset[str]], right: list[set[str]] | list[frozenset[str]]) -> dict[tuple[int, int], str]:
    """The same, from each claim's facets already worked out."""
    pairs: dict[tuple[int, int], str] = {}
    for facet in FACETS:
        lefts = [k for k, found in enumerate(left) if facet in found]
        rights = [k for k, found in enumerate(right) if facet in found]
        if len(lefts) > MAX_PER_FACET or len(rights) > MAX_PER_FACET:
            continue
        for a in lefts:
            for b in rights:
                pairs.setdefault((a, b), facet)
    return pairs
