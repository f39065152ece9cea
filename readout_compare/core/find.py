"""Finding words in the accounts: which claims contain a text, and where in each claim.

The search ignores case and accents ("elysee" finds "Élysée", "TEHRAN" finds "Tehran"), as an
analyst typing a name from memory expects; the places found are offsets into the claim's own
text, so a view highlights exactly the characters that were typed, accents and all. Matches come
in reading order: the first account's claims, then the next account's.

Standard library only. The folded text of every claim is made once per comparison
(``ClaimFinder``), so each keystroke in a find bar costs one scan of the accounts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Comparison


def fold_character(ch: str) -> str:
    """One character without case or accents: "É" → "e", "ß" → "ss", a combining accent → ""."""
    return "".join(part.casefold() for part in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(part))


_FOLDED: dict[str, str] = {}  # each character folded once: a text has few distinct characters


def fold(text: str) -> tuple[str, list[int]]:
    """The text without case or accents, and for each of its characters the index in ``text``
    it came from (folding may lengthen a character: "ß" becomes "ss")."""
    out: list[str] = []
    origin: list[int] = []
    cache = _FOLDED
    for i, ch in enumerate(text):
        folded = cache.get(ch)
        if folded is None:
            folded = cache[ch] = fold_character(ch)
        if len(folded) == 1:
            out.append(folded)
            origin.append(i)
        else:
            out.extend(folded)
            origin.extend([i] * len(folded))
    return "".join(out), origin


# The marks that decomposing a Latin letter (below U+0300: French, German, Turkish, Polish...) gives.
_LATIN_MARKS = re.compile("[\u0300-\u036f]")


def fold_quickly(text: str) -> tuple[str, list[int] | None]:
    """``fold`` at the speed of the string methods for the claims where every character folds to
    exactly one (then each offset stays where it was: None instead of the list): ASCII, and Latin
    letters with accents ("Élysée": é becomes e); ``fold`` itself otherwise."""
    if text.isascii():
        return text.lower(), None
    if max(text) < "\u0300":  # no combining mark of its own: each letter gives at least one
        stripped = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
        if len(stripped) == len(text):  # ... and so exactly one
            folded = stripped.casefold()  # never shorter, so the same length means one for one
            if len(folded) == len(text):
                return folded, None
    return fold(text)


@dataclass(frozen=True)
class Match:
    """A claim containing the text, and where: (start, end) offsets into the claim's text."""

    claim: str
    ranges: tuple[tuple[int, int], ...]


class ClaimFinder:
    """Every claim of a comparison, folded once, searched as often as the analyst types."""

    def __init__(self, comparison: Comparison):
        self._claims = [(c.id, c.text, *fold_quickly(c.text)) for c in comparison.all_claims()]

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
                ranges.append((at, last + 1) if origin is None else (origin[at], origin[last] + 1))
                at = folded.find(wanted, at + len(wanted))
            if ranges:
                out.append(Match(claim_id, tuple(ranges)))
        return tuple(out)


def find_claims(comparison: Comparison, query: str) -> tuple[Match, ...]:
    """The claims of ``comparison`` that contain ``query``; see ``ClaimFinder.find``."""
    return ClaimFinder(comparison).find(query)
