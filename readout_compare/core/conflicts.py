"""Contradictions between two claims about the same point, each reported with its reason.

Rules, each small and explainable to the analyst:
- durations that disagree ("three hours" / "a ninety-minute meeting");
- counts of the same thing that disagree ("four fishermen" / "three fishermen");
- days or dates that disagree ("on Tuesday" / "on Wednesday");
- who initiated the call or visit ("at his request" / "at the invitation of the host");
- polarity: one account reports an act the other says did not happen
  ("agreed to resume" / "no decision was taken"; "expressed concern" / "did not voice any concern").
The caller decides whether two claims speak to the same point; these rules only say whether,
given that, they can both be right. Standard library only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .terms import STOPWORDS, fold

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
    "dozen": 12, "several": -1, "few": -1,
}
_NUM = r"(?:\d+(?:[.,]\d+)?|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|seventy|eighty|ninety|hundred|half)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
_DURATION = re.compile(
    rf"\b(?:(half an|an|one and a half|{_NUM}(?: and a half)?)[- ](hour|minute)s?(?:[- ]long)?)\b|\b(hour)[- ]long\b"
)
_COUNT = re.compile(rf"\b({_NUM})\s+([a-z-]{{3,}})(?:\s+([a-z-]{{3,}}))?")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_MONTH_DAY = re.compile(
    r"\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})\b"
)

# Who asked for the call or the visit.
_REQUEST = re.compile(r"\b(?:at the request of|at (?:the )?[\w\s'-]{0,30}?request|requested by|initiated by|on the initiative of|at the initiative of)\b")
_INVITATION = re.compile(r"\b(?:at the invitation of|invited by|on the invitation of|at (?:the )?[\w\s'-]{0,30}?invitation)\b")

# An act reported as not having happened.
_NEGATED_ACT = re.compile(
    r"\bno (?:agreement|decision|deal|consensus|understanding|progress|commitment|breakthrough|concern|date)\b"
    r"|\b(?:did|does|do|was|were|has|have|had|is|are) not (?:\w+ )?(?:agree|agreed|decide|decided|raise|raised|voice|voiced"
    r"|express|expressed|discuss|discussed|mention|mentioned|accept|accepted|reach|reached|sign|signed|commit|committed"
    r"|address|addressed|touch|touched|take|taken|make|made|set|fixed|settled)\b"
    r"|\b(?:refused|declined) to\b|\bwithout (?:any )?(?:agreement|decision)\b|\bremains? (?:suspended|frozen|closed)\b"
    r"|\bnot (?:been )?(?:agreed|decided|discussed|raised|settled)\b|\bnever (?:agreed|raised|discussed)\b"
)
_POSITIVE_ACT = re.compile(
    r"\b(?:agreed|agree|decided|raised|voiced|expressed|discussed|urged|called on|called for|committed|signed|reached|"
    r"accepted|pledged|resolved|settled|concluded|announced|confirmed)\b"
)


# How a meeting went, in three registers diplomats keep apart: "warm" is not "frank", and
# "productive" is not "regrettable". Words like "constructive" or "substantive" sit in none.
TONE_REGISTERS = {
    "warm": {"warm", "friendly", "cordial", "amicable", "fruitful", "productive", "positive", "successful", "good"},
    "frank": {"frank", "candid", "direct", "straightforward", "businesslike", "blunt"},
    "negative": {"tense", "difficult", "regrettable", "worrying", "disappointing", "unproductive", "negative", "sharp", "heated"},
}


def tone_registers(text: str) -> set[str]:
    words = set(re.findall(r"[a-z-]+", fold(text)))
    return {register for register, members in TONE_REGISTERS.items() if words & members}


def _number(word: str) -> float | None:
    word = word.replace(",", "")
    try:
        return float(word)
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]", word):
        value = NUMBER_WORDS.get(part)
        if value is None or value < 0:
            return None
        total += value
    return total


def durations(text: str) -> list[float]:
    """Durations mentioned in a text, in minutes."""
    out = []
    for m in _DURATION.finditer(fold(text)):
        if m.group(3):
            out.append(60.0)
            continue
        amount, unit = m.group(1), m.group(2)
        if amount == "half an":
            value = 0.5
        elif amount == "one and a half":
            value = 1.5
        elif amount.endswith(" and a half"):
            base = _number(amount[: -len(" and a half")])
            value = None if base is None else base + 0.5
        else:
            value = _number(amount)
        if value is not None:
            out.append(value * (60.0 if unit == "hour" else 1.0))
    return out


def counts(text: str) -> dict[str, float]:
    """Counted things ("four fishermen" -> {"fishermen": 4}), years and durations left out."""
    out = {}
    for m in _COUNT.finditer(fold(text)):
        number = m.group(1)
        if number in {"a", "an", "one", "half"} or re.fullmatch(r"(19|20)\d\d", number):
            continue
        value = _number(number)
        if value is None:
            continue
        # The counted thing is the next word or the one after ("four Arlandese fishermen").
        for noun in (m.group(2), m.group(3)):
            if not noun or noun in STOPWORDS or noun.startswith(("hour", "minute", "year", "month", "week", "day", "percent")):
                continue
            out.setdefault(noun.rstrip("s"), value)
    return out


def _days(text: str) -> set[str]:
    folded = fold(text)
    days = set(_WEEKDAY.findall(folded))
    for m in _MONTH_DAY.finditer(folded):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        days.add(f"{int(day)} {month}")
    return days


def initiative(text: str) -> str:
    """'request' when the text says a party asked for the event, 'invitation' when it says it was invited."""
    folded = fold(text)
    if _INVITATION.search(folded):
        return "invitation"
    if _REQUEST.search(folded):
        return "request"
    return ""


def negated(text: str) -> bool:
    return bool(_NEGATED_ACT.search(fold(text)))


def affirmed(text: str) -> bool:
    return bool(_POSITIVE_ACT.search(fold(text))) and not negated(text)


# Where the event took place: a place named right after the event ("met in Geneva", "talks held
# at Doha"), or a fronted "In Geneva, ..." in a sentence about the event. Topic places ("discussed
# the situation in Syria") are not the event's place and are never compared.
_EVENT_PLACE = re.compile(
    r"\b(?:met|meet|meeting|talks|summit|held|took place|take place|hosted|received|visit|visited|conference|session|"
    r"conversation|negotiations)\b[^.;:]{0,40}?\b(?:in|at)\s+((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|el-\w+)){0,2})"
)
_FRONTED_PLACE = re.compile(r"^\s*(?:In|At)\s+((?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+){0,2}),")
_EVENT_WORD = re.compile(r"\b(met|meeting|talks|summit|held|took place|hosted|visit|conference|session)\b")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Known places (folded) and the country each lies in, from resources/places.txt."""
    from ..resources import read_resource

    places = {}
    for line in read_resource("places.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if " = " in line:
            place, country = (part.strip() for part in line.split(" = ", 1))
            places[fold(place)] = fold(country)
    return places


def event_places(text: str) -> set[str]:
    """The known places where a claim says the event took place (folded names)."""
    known = gazetteer()
    candidates = [m.group(1) for m in _EVENT_PLACE.finditer(text)]
    fronted = _FRONTED_PLACE.match(text)
    if fronted and _EVENT_WORD.search(fold(text)):
        candidates.append(fronted.group(1))
    found = set()
    for name in candidates:
        words = fold(name).rstrip(".").split()
        # the longest known prefix: "Geneva Thursday" -> "geneva", "New York" stays whole
        for n in range(len(words), 0, -1):
            if " ".join(words[:n]) in known:
                found.add(" ".join(words[:n]))
                break
    return found


def _places_compatible(left: set[str], right: set[str]) -> bool:
    known = gazetteer()
    for a in left:
        for b in right:
            if a == b or known[a] == b or known[b] == a:
                return True  # the same place, or one lies in the other
    return False


def contradictions(left: str, right: str) -> list[str]:
    """Reasons the two claims cannot both be right (empty when nothing contradicts)."""
    reasons = []
    dl, dr = durations(left), durations(right)
    if dl and dr and not any(abs(a - b) <= 0.1 * max(a, b) for a in dl for b in dr):
        reasons.append(f"duration differs: {_minutes(dl[0])} vs {_minutes(dr[0])}")
    cl, cr = counts(left), counts(right)
    for noun in cl.keys() & cr.keys():
        if cl[noun] != cr[noun]:
            reasons.append(f"number differs: {cl[noun]:g} vs {cr[noun]:g} {noun}")
    days_left, days_right = _days(left), _days(right)
    if days_left and days_right and not days_left & days_right:
        reasons.append(f"date differs: {', '.join(sorted(days_left))} vs {', '.join(sorted(days_right))}")
    pl, pr = event_places(left), event_places(right)
    if pl and pr and not _places_compatible(pl, pr):
        reasons.append(f"place differs: {', '.join(sorted(pl)).title()} vs {', '.join(sorted(pr)).title()}")
    tl, tr = tone_registers(left), tone_registers(right)
    if tl and tr and not tl & tr:
        reasons.append(f"tone differs: {', '.join(sorted(tl))} vs {', '.join(sorted(tr))}")
    il, ir = initiative(left), initiative(right)
    if il and ir and il != ir:
        reasons.append("who initiated differs: one account says it was requested, the other that it was an invitation")
    if negated(left) != negated(right) and (affirmed(left) or affirmed(right)):
        positive, negative = (left, right) if negated(right) else (right, left)
        reasons.append(
            f"one account reports what the other says did not happen: “{_act(positive)}” vs “{_act(negative, negative=True)}”"
        )
    return reasons


def _minutes(value: float) -> str:
    if value >= 60 and value % 60 == 0:
        hours = int(value // 60)
        return f"{hours} hour" + ("s" if hours != 1 else "")
    if value > 120:
        return f"{value / 60:g} hours"
    return f"{value:g} minutes"


def _act(text: str, negative: bool = False) -> str:
    pattern = _NEGATED_ACT if negative else _POSITIVE_ACT
    m = pattern.search(fold(text))
    return m.group() if m else text[:40]
