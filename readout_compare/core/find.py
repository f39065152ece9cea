"""Finding words in the accounts: which claims contain a text, and where in each claim.

The search ignores case and accents ("elysee" finds "Élysée", "TEHRAN" finds "Tehran"), as an
analyst typing a name from memory expects; the places found are offsets into the claim's own
text, so a view highlights exactly the characters that were typed, accents and all. Matches come
in reading order: the first account's claims, then the next account's.

Standard library only. The folded text of every claim is made once per comparison
(``ClaimFinder``), so each keystroke in a find bar costs one scan of the accounts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .model import Comparison


def fold(text: str) -> tuple[str, list[int]]:
    """The text without case or accents, and for each of its characters the index in ``text``
    it came from (folding may lengthen a character: "ß" becomes "ss")."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue  # the accent of the letter before it
            for folded in part.casefold():
                out.append(folded)
                origin.append(i)
    return "".join(out), origin


@dataclass(frozen=True)
class Match:
    """A claim containing the text, and where: (start, end) offsets into the claim's text."""

    claim: str
    ranges: tuple[tuple[int, int], ...]


class ClaimFinder:
    """Every claim of a comparison, folded once, searched as often as the analyst types."""

    def __init__(self, comparison: Comparison):
        self._claims = [(c.id, c.text, *fold(c.text)) for c in comparison.all_claims()]

    def find(self, query: str) -> tuple[Match, ...]:
        """The claims that contain ``query`` (case and accents ignored), in reading order.
        Blank: no matches. Overlapping places ("aa" in "aaa") count once, from the left."""
        wanted, _ = fold(" ".join(query.split()))
        if not wanted:
            return ()
        out = []
        for claim_id, text, folded, origin in self._claims:
            ranges = []
            at = folded.find(wanted)
            while at >= 0:
                last = at + len(wanted) - 1
                ranges.append((origin[at], origin[last] + 1))
                at = folded.find(wanted, at + len(wanted))
            if ranges:
                out.append(Match(claim_id, tuple(ranges)))
        return tuple(out)


def find_claims(comparison: Comparison, query: str) -> tuple[Match, ...]:
    """The claims of ``comparison`` that contain ``query``; see ``ClaimFinder.find``."""
    return ClaimFinder(comparison).find(query)
