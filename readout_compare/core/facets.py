"""Facets of the event itself that accounts report in unrelated words.

How long the call lasted, how it went ("frank", "warm", "productive", "regrettable"), who asked
for it and what is to follow are facts about the event, not topics of it. Two accounts that each
report one of these are talking about the same point even when they share no word ("forty
minutes" / "more than an hour"), so such claims are paired by facet, and the contradiction rules
decide whether they agree. Standard library only.
"""

from __future__ import annotations

import re

from .conflicts import durations, initiative
from .terms import fold

# Words that name the event being reported.
_EVENT_NOUN = re.compile(
    r"\b(talks|conversation|call|exchange|meeting|discussion|discussions|dialogue|atmosphere|outcome|summit|"
    r"visit|negotiations|session|consultations|contacts?|conference|videoconference)\b"
)
# Words that say how the event went.
# (Depth words such as "substantive" or "in-depth" describe future consultations as often as
# past talks, so they do not make a claim about how the event went.)
ASSESSMENT = re.compile(
    r"\b(warm|friendly|cordial|amicable|fruitful|productive|positive|successful|useful|constructive|"
    r"frank|candid|direct|straightforward|businesslike|blunt|"
    r"tense|difficult|regrettable|worrying|disappointing|unproductive|negative|sharp|heated)\b"
)

# What happens next: staying in contact, meeting again, teams told to follow up. Nearly every
# readout closes on it, each in its own words ("agreed to maintain contact" / "will continue to
# communicate in different forms" / "the teams will keep in touch"), so two such claims are
# usually one point however few words they share.
_KEEP = r"(?:keep|keeping|stay|staying|remain|remaining|maintain|maintaining|continue|continuing|continued|further|regular|pursue|intensify)"
_CONTACT = (r"(?:contacts?|in touch|communicat\w*|dialogue|engag\w*|exchanges?|consultations|conversations?|"
            r"talks|discussions?|coordination|channels)")
FOLLOW_UP = re.compile(
    rf"\b(?:{_KEEP}\b(?:\W+\w+){{0,7}}?\W+{_CONTACT}\b"
    r"|(?:lines|channels) of (?:\w+\W+){0,4}?communication"
    r"|(?:meet|meeting|speak|speaking|talk|talking|see|seeing)\b(?:\W+\w+){0,3}?\W+again\b"
    r"|next (?:meeting|contact|call|round|conversation|summit)"
    r"|follow(?:ed|s|ing)? up|follow-up"
    r"|look(?:ed|s|ing)? forward to (?:meeting|seeing|speaking|talking|further|continu\w*|the next|more)"
    r"|(?:teams|officials|representatives|aides|delegations|ministers|experts)\b(?:\W+\w+){0,4}?\W+(?:would|will|to|should)\b"
    r"(?:\W+\w+){0,2}?\W+(?:keep|stay|remain|follow|continue|pursue|meet|work out|hold|consult)\b"
    r"|(?:directed|instructed|tasked)\b(?:\W+\w+){0,3}?\W+(?:teams|officials|representatives|aides|ministers))"
)

FACETS = ("duration", "tone", "initiative", "follow_up")
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
    if FOLLOW_UP.search(folded):
        found.add("follow_up")
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
