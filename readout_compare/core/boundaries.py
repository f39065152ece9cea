"""The analyst's own claim boundaries: cut a claim in two, or join claims into one, after segmentation.

The segmenter decides where claims begin and end; the analyst may disagree ("this sentence makes
two assertions", "these two sentences are one"). A ``Boundary`` says so in offsets into the
account's text, so it does not depend on how the engine happens to cut the account today:

- a *cut* at offset ``at``: the claim that runs across ``at`` becomes two claims, the text before
  and the text after (a cut where a claim already ends changes nothing);
- a *join* of ``start``–``end``: the claims that overlap that span become one claim.

``compare`` applies them (in the order given: the order the analyst made them) between cutting
the accounts into claims and aligning them, so links, omissions and every view see the analyst's
claims. Ids are given again in text order (A1, A2...). Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from .model import Account, Claim, claim_id
from .segment import attribution, sentences

CUT, JOIN = "cut", "join"


@dataclass(frozen=True)
class Boundary:
    """One of the analyst's boundaries in one account: a cut at ``start`` (``end == start``), or a join of ``start``–``end``."""

    account: int  # index of the account in the comparison
    kind: str  # CUT or JOIN
    start: int
    end: int

    @classmethod
    def cut(cls, account: int, at: int) -> Boundary:
        return cls(account, CUT, at, at)

    @classmethod
    def join(cls, account: int, start: int, end: int) -> Boundary:
        return cls(account, JOIN, start, end)


def apply_boundaries(account: Account, claims: Sequence[Claim], boundaries: Iterable[Boundary]) -> tuple[Claim, ...]:
    """The account's claims with the analyst's cuts and joins applied, renumbered in text order."""
    out = list(claims)
    changed = False
    for boundary in boundaries:
        before = len(out)
        if boundary.kind == CUT:
            out = _cut(account.text, out, boundary.start)
        elif boundary.kind == JOIN:
            out = _join(account.text, out, boundary.start, boundary.end)
        changed |= len(out) != before
    if not changed:
        return tuple(claims)
    k = claims[0].account if claims else 0
    return tuple(replace(c, id=claim_id(k, n), index=n) for n, c in enumerate(out))


def _cut(text: str, claims: list[Claim], at: int) -> list[Claim]:
    for n, claim in enumerate(claims):
        if claim.start < at < claim.end:
            head, tail = _trimmed(text, claim.start, at), _trimmed(text, at, claim.end)
            if head[1] <= head[0] or tail[1] <= tail[0]:
                return claims  # one side would be blank: nothing to cut
            first = replace(claim, start=head[0], end=head[1], text=text[head[0]:head[1]])
            # The second half keeps the claim's speaker unless it names its own ("..., and Rouhani said ...").
            who, verb = attribution(text[tail[0]:tail[1]], claim.speaker, claim.speaker)
            second = replace(claim, start=tail[0], end=tail[1], text=text[tail[0]:tail[1]],
                             speaker=who or claim.speaker, verb=verb or claim.verb)
            return claims[:n] + [first, second] + claims[n + 1:]
    return claims


def _join(text: str, claims: list[Claim], start: int, end: int) -> list[Claim]:
    inside = [n for n, c in enumerate(claims) if c.start < end and c.end > start]
    if len(inside) < 2:
        return claims
    first, last = claims[inside[0]], claims[inside[-1]]
    merged = replace(first, end=last.end, text=text[first.start:last.end])
    return claims[: inside[0]] + [merged] + claims[inside[-1] + 1:]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Where a claim reads best cut in two, best first: a sentence's end, a semicolon or colon, a comma
# before "and"/"but"/"while", any comma, a bare "and"/"but".
_CUT_PLACES = (
    re.compile(r"[;:]\s+"),
    re.compile(r",\s+(?=(?:and|but|while|whereas|as well as)\b)"),
    re.compile(r",\s+"),
    re.compile(r"\s+(?=(?:and|but|while|whereas)\s)"),
)


def suggested_cut(text: str) -> int:
    """The offset in a claim's text where a cut is most likely wanted (the split dialog starts there).

    A claim of several sentences is cut after the sentence nearest its middle; one sentence at the
    clause boundary nearest its middle (";", ", and", ",", " and"), else at the space nearest the middle.
    """
    middle = len(text) / 2
    ends = [s.end for s in sentences(text)][:-1]
    if ends:
        return _after_space(text, min(ends, key=lambda e: abs(e - middle)))
    for place in _CUT_PLACES:
        found = [m.end() for m in place.finditer(text) if 0 < m.end() < len(text)]
        if found:
            return min(found, key=lambda e: abs(e - middle))
    spaces = [m.end() for m in re.finditer(r"\s+", text.strip()) if m.end() < len(text)]
    return min(spaces, key=lambda e: abs(e - middle)) if spaces else 0


def snapped_cut(text: str, at: int) -> int:
    """A cut moved out of the middle of a word to the nearest space (a cut inside "Teh|ran" means a cut beside it)."""
    at = max(0, min(len(text), at))
    if at in (0, len(text)) or text[at - 1].isspace() or text[at].isspace():
        return _after_space(text, at)
    left = at
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = at
    while right < len(text) and not text[right].isspace():
        right += 1
    if left == 0 and right == len(text):
        return 0  # one word: nowhere to cut
    if left == 0 or (right < len(text) and right - at <= at - left):
        return _after_space(text, right)
    return left


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at
