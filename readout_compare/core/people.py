"""Who speaks in a claim, as one person however each account names them.

Accounts name one person in several ways: "President Xi Jinping", "Xi", "the Chinese
President"; a readout calls its own leader "the President" and the other leader by name.
Segmentation records the speaker as the account words it ("Jinping" from "Xi Jinping said",
"The President"). Telling two accounts' speakers apart on those strings makes one person two
("Xi" / "Jinping", "the Secretary" / "Blinken"), and a learned scorer that trusts "different
speakers, different positions" then keeps two accounts of one point apart.

:func:`identify` reads each claim's speaker against the names its own account uses: a surname
takes the full name the account gives it ("Jinping" -> Xi Jinping), and a bare title takes
the person the account names with that title ("the Secretary" -> Secretary Blinken; when two
people share the title, the account's own principal, the first person its opening names).
Collectives, sides and titles the account never attaches to a name stay unknown.
:func:`relation` then says whether two claims' speakers are one person.
Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .conflicts import gazetteer
from .model import Claim
from .terms import fold

# Words of a name run that are titles or offices, never a person's name.
_TITLE_WORDS = {
    "president", "president-elect", "prime", "minister", "foreign", "secretary", "chancellor", "mr", "mrs", "ms",
    "dr", "gen", "general", "state", "vice", "deputy", "spokesman", "spokesperson", "spokeswoman", "king", "queen",
    "crown", "prince", "emir", "sheikh", "premier", "chairman", "supreme", "leader", "ambassador", "envoy",
    "director", "defence", "defense", "senator", "governor", "admiral", "sir", "dame", "his", "her", "majesty",
    "highness", "excellency", "councillor", "adviser", "advisor", "national", "security", "special",
}
# Words that open or end a capitalised run without being names: "The", "On", places of office.
_NOT_NAMES = {
    "the", "a", "an", "on", "in", "at", "during", "after", "before", "both", "and", "of", "for", "with", "by", "to",
    "united", "states", "us", "u.s.", "uk", "american", "russian", "chinese", "french", "british", "german",
    "iranian", "indian", "turkish", "japanese", "israeli", "ukrainian", "pakistani", "republic", "people's",
    "federation", "kingdom", "house", "white", "kremlin", "office", "ministry", "government", "side",
}
_PARTICLES = {"le", "la", "de", "du", "des", "der", "van", "von", "al", "el", "bin", "ben", "da", "di", "dos", "del"}
_TOKEN = re.compile(r"[\w'’.-]+|[^\w\s]")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_WORD = re.compile(r"[\w'’.-]+")
# A speaker that is a group or a government, not one person.
_COLLECTIVE = re.compile(r"\b(and|two|three|four|both|sides?|leaders|presidents|ministers|parties|heads|delegations?|"
                         r"they|government|ministry|administration|team|teams|officials)\b")


@dataclass(frozen=True)
class Person:
    """One person: the name word the account refers back to them by, and every word of their name."""

    surname: str
    names: frozenset[str]

    def is_(self, other: "Person") -> bool:
        # one's surname among the other's names: "Xi" is Xi Jinping; two men called Mohammed are not one
        return self.surname in other.names or other.surname in self.names


def _clean(word: str) -> str:
    return fold(word).strip(".'’").removesuffix("'s").removesuffix("’s")


def _runs(text: str) -> list[list[str]]:
    """Runs of capitalised words (particles inside them kept), cleaned: "Tsai Ing-wen",
    "Recep Tayyip Erdoğan", "Ursula von der Leyen". Punctuation ends a run."""
    runs: list[list[str]] = []
    current: list[str] = []
    for token in _TOKEN.findall(text):
        if token[:1].isupper():
            current.append(_clean(token))
            if token.endswith(".") and len(token.rstrip(".")) > 2:  # "Austin." ends a sentence; "J." and "Mr." do not
                runs.append(current)
                current = []
        elif current and token in _PARTICLES:
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _named(text: str) -> list[tuple[tuple[str, ...], Person]]:
    """(title words, person) for every name run of a text, in order: "President Tsai Ing-wen"
    gives (("president",), Tsai Ing-wen); "United States President-elect Donald Trump" gives
    (("president-elect",), Donald Trump). Places are not people."""
    places = gazetteer()
    out = []
    for run in _runs(text):
        titles: list[str] = []
        name: list[str] = []
        for word in run:
            if not name:
                if word in _TITLE_WORDS:
                    titles.append(word)
                elif word not in _NOT_NAMES and word not in places and len(word) > 1:
                    name.append(word)
            elif word in _TITLE_WORDS or word in _NOT_NAMES or word in places:
                break
            elif word not in _PARTICLES and word not in _SUFFIXES and len(word) > 1:
                name.append(word)
        if name:
            out.append((tuple(titles), Person(name[-1], frozenset(name))))
    return out


def identify(claims: Sequence[Claim]) -> tuple[Person | None, ...]:
    """Each claim's speaker as a person of its account (None: a collective, a side, not known).

    Worked out once per account: every pair of accounts it is compared with, and every link the
    analyst sets, reads the same answer."""
    return _identify(tuple(claims))


@lru_cache(maxsize=8)  # the accounts of the comparisons open lately
def _identify(claims: tuple[Claim, ...]) -> tuple[Person | None, ...]:
    if not claims:
        return ()
    named = _named(" ".join(c.text for c in claims))
    principal = next((p for _, p in _named(claims[0].text)), None)
    by_word: dict[str, Person] = {}
    for _, person in named:
        for word in person.names:
            known = by_word.get(word)
            if known is None or len(person.names) > len(known.names):
                by_word[word] = person  # the fullest name the account gives that word
    out: list[Person | None] = []
    cache: dict[str, Person | None] = {}
    for claim in claims:
        speaker = claim.speaker
        if speaker not in cache:
            cache[speaker] = _resolve(speaker, named, by_word, principal)
        out.append(cache[speaker])
    return tuple(out)


def _resolve(speaker: str, named, by_word: dict[str, Person], principal: Person | None) -> Person | None:
    if not speaker or _COLLECTIVE.search(fold(speaker)):
        return None
    if not fold(speaker).startswith("the "):
        found = _named(speaker)
        if found:  # a name: the fullest the account gives it ("Jinping" -> Xi Jinping)
            person = found[0][1]
            return by_word.get(person.surname, person)
    words = [_clean(w) for w in _WORD.findall(speaker)]
    if "of" in words:
        return None  # "the President of Russia": a country the account may name in its own way
    titles = [w for w in words if w in _TITLE_WORDS]
    holders = [p for t, p in named if titles and titles[-1] in t]
    if not holders:
        return None  # a title the account never gives a name ("the spokesman"), or a place ("Washington")
    if principal is not None and any(p.is_(principal) for p in holders):
        return by_word.get(principal.surname, principal)
    return by_word.get(holders[0].surname, holders[0])


def relation(a: Person | None, b: Person | None) -> str:
    """"same", "different" or "" (either not known): what a related link's "speakers" reason reads."""
    if a is None or b is None:
        return ""
    return "same" if a.is_(b) else "different"
