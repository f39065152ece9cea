"""The kind of each difference between two matched claims, in the analyst's terms.

Kinds: ``wording`` (the words differ), ``commitment`` (agreed / discussed / noted / hoped),
``modality`` (must / should / may: softened or hardened), ``scope`` (one claim names more or
fewer things: "energy and infrastructure" / "energy infrastructure"), ``attribution`` (who said
or raised it), ``tone`` (candid, constructive, frank ...), ``numbers`` (figures or dates).
Standard library only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Claim
from .terms import fold

# Strength of what the parties did, strongest first: an account that turns "agreed" into
# "discussed" has lowered the commitment level.
COMMITMENT_LEVELS = (
    ("agreed", re.compile(r"\b(agreed|agree|agreement to|decided|committed|pledged|signed|resolved|will)\b")),
    ("welcomed", re.compile(r"\b(welcomed|affirmed|reaffirmed|supported|endorsed|backed)\b")),
    ("discussed", re.compile(r"\b(discussed|reviewed|exchanged|talked|considered|addressed|touched on|raised)\b")),
    ("noted", re.compile(r"\b(noted|took note|acknowledged|mentioned|recalled)\b")),
    ("hoped", re.compile(r"\b(hoped|hope|wished|looked forward|expected|would like)\b")),
)
MODALITY = (
    ("must", re.compile(r"\b(must|cannot|can ?not|has to|have to|need to|needs to|imperative|shall|will not)\b")),
    ("should", re.compile(r"\b(should|ought to|urged|called on|called for)\b")),
    ("may", re.compile(r"\b(may|might|could|possibly|consider|explore)\b")),
)
TONE = re.compile(
    r"\b(candid|constructive|frank|cordial|warm|friendly|productive|positive|substantive|in-depth|open|"
    r"businesslike|tense|difficult|sincere|respectful|detailed|thorough|useful|fruitful|honest|direct|"
    r"pragmatic|extensive|lengthy|long)\b"
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|million|billion|dozen|half)\b")
_LIST = re.compile(r",|\band\b|\bor\b")


def _level(text: str, levels) -> int | None:
    for rank, (_name, pattern) in enumerate(levels):
        if pattern.search(text):
            return rank
    return None


def difference_kinds(a: Claim, b: Claim, has_wording: bool = True, speakers: str | None = None) -> tuple[str, ...]:
    """The kinds of difference between two claims already judged to be counterparts.

    ``speakers``: whether the two accounts' speakers are one person, as ``people.relation`` reads
    them against each account's names ("same", "different"); when it is not known ("" or None),
    the speakers as the accounts word them are compared."""
    (ca, ma, sa, ta, na), (cb, mb, sb, tb, nb) = _reading(a.text), _reading(b.text)
    kinds = []
    if has_wording:
        kinds.append("wording")
    if ca is not None and cb is not None and ca != cb:
        kinds.append("commitment")
    if ma != mb and (ma is not None or mb is not None):
        kinds.append("modality")
    if sa != sb and abs(sa - sb) >= 1 and min(sa, sb) >= 0:
        kinds.append("scope")
    if speakers:  # persons resolved: "Xi Jinping said" / "President Xi said" is one speaker
        if speakers == "different":
            kinds.append("attribution")
    elif a.speaker and b.speaker and _who(a.speaker) != _who(b.speaker):
        kinds.append("attribution")  # "the Chinese side" / "Xi": the accounts' own words differ
    if ta != tb and (ta or tb):
        kinds.append("tone")
    if na != nb and (na or nb):
        kinds.append("numbers")
    return tuple(kinds)


@lru_cache(maxsize=65536)
def _reading(text: str) -> tuple[int | None, int | None, int, frozenset[str], frozenset[str]]:
    """What the kinds compare of one claim (commitment level, modality, items enumerated, tone
    words, figures), read once per claim: a long comparison's claims sit in several links."""
    folded = fold(text)
    return (_level(folded, COMMITMENT_LEVELS), _level(folded, MODALITY), _scope(folded), frozenset(TONE.findall(folded)),
            frozenset(_figures(folded)))


# "The two presidents", "both sides", "the leaders": the parties together, however an account puts it.
_COLLECTIVE = re.compile(r"\b(two|three|four|both|presidents|leaders|sides|ministers|parties|heads|delegations|they)\b")
# A number word before these nouns counts the parties, not a figure worth comparing.
_PARTY_NOUNS = r"(?:presidents|leaders|sides|ministers|countries|heads|parties|delegations|governments|nations|men|sessions)"


_COUNTED_PARTIES = re.compile(rf"\b(two|three|four|five|both)\s+(?:\w+\s+)?{_PARTY_NOUNS}\b")


def _who(speaker: str) -> str:
    folded = fold(speaker)
    return "both" if _COLLECTIVE.search(folded) else folded


def _figures(text: str) -> set[str]:
    text = _COUNTED_PARTIES.sub(" ", text)
    return {m.group() for m in _NUMBER.finditer(text)}


def _scope(text: str) -> int:
    """How many items a claim enumerates (commas and conjunctions between them)."""
    return len(_LIST.findall(text))


def commitment_level(text: str) -> str:
    rank = _level(fold(text), COMMITMENT_LEVELS)
    return COMMITMENT_LEVELS[rank][0] if rank is not None else ""
