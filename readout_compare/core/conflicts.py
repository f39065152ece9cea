"""Contradictions between two claims about the same point, each reported with its reason.

Rules, each small and explainable to the analyst:
- durations that disagree ("three hours" / "a ninety-minute meeting");
- counts of the same thing that disagree ("four fishermen" / "three fishermen"), the thing
  counted by its kind when each side names it its own way ("five memoranda" / "four documents");
- days or dates that disagree ("on Tuesday" / "on Wednesday");
- who initiated the call or visit ("at his request" / "at the invitation of the host");
- polarity: one account reports an act the other says did not happen
  ("agreed to resume" / "no decision was taken"; "expressed concern" / "did not voice any concern").
  or a topic the other says never came up ("raised the detainees" / "no other matter came up");
- conditions: "on condition that ..." / "without any preconditions";
- how much of the meeting a topic took: "briefly touched on" / "devoted in large part to";
- the building the meeting was held in: "at the embassy" / "at the presidential palace";
- how often: "four times a year" / "twice a year"; who brokered it: "the United States acted as
  mediator" / "arranged bilaterally, without any third party".
The caller decides whether two claims speak to the same point; these rules only say whether,
given that, they can both be right. Standard library only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .plural import counted
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
_COUNT = re.compile(rf"\b({_NUM})\s+([a-z-]{{3,}})(?:\s+([a-z-]{{3,}}))?(?:\s+([a-z-]{{3,}}))?")
_DIGIT = re.compile(r"\d")
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
    r"\bno (?:\w+ ){0,3}?(?:agreements?|decisions?|deal|consensus|understanding|progress|commitments?|breakthrough|concerns?|date|request|meeting|mention)\b"
    r"|\b(?:was|were|is|are|had not been|has not been|have not been) not on the agenda\b|\bnot (?:been )?on the agenda\b"
    r"|\b(?:is|are|was|were) not (?:\w+ )?(?:discussing|negotiating|considering)\b"
    r"|\bno (?:\w+ ){0,3}?(?:matters?|issues?|subjects?|topics?|questions?) (?:\w+ )?(?:came up|was raised|were raised|was discussed|were discussed)\b"
    r"|\b(?:did|had|has|have) not come up\b|\b(?:was|were|had|has|have) not been (?:\w+ )?(?:raised|discussed|mentioned|agreed|reached|addressed|taken up)\b"
    r"|\b(?:did|does|do|was|were|has|have|had|is|are) not (?:\w+ )?(?:agree|agreed|decide|decided|raise|raised|voice|voiced"
    r"|express|expressed|discuss|discussed|mention|mentioned|accept|accepted|reach|reached|sign|signed|commit|committed"
    r"|address|addressed|touch|touched|take|taken|make|made|set|fixed|settled)\b"
    r"|\b(?:refused|declined) to\b|\bwithout (?:any )?(?:agreement|decision)\b|\bremains? (?:suspended|frozen|closed)\b"
    r"|\bnot (?:been )?(?:agreed|decided|discussed|raised|settled)\b|\bnever (?:agreed|raised|discussed)\b"
)
# Every alternative of _NEGATED_ACT has one of these: texts without any are settled at once.
_NEGATION_WORDS = ("no ", "not ", "refused", "declined", "without", "remain", "never")
_POSITIVE_ACT = re.compile(
    r"\b(?:agreed|agree|decided|raised|voiced|expressed|discussed|urged|called on|called for|committed|signed|reached|"
    r"accepted|pledged|resolved|settled|concluded|announced|confirmed|"
    # what a leader put to the other: the act the other account may say never came up
    r"stressed|conveyed|asked|demanded|promised|drew attention|underlined|emphasi[sz]ed|set out|briefed)\b"
)


# How a meeting went, in three registers diplomats keep apart: "warm" is not "frank", and
# "productive" or "constructive" is not "difficult". Words like "substantive" sit in none.
TONE_REGISTERS = {
    "warm": {"warm", "friendly", "cordial", "amicable", "fruitful", "productive", "positive", "successful", "good", "constructive"},
    "frank": {"frank", "candid", "direct", "straightforward", "businesslike", "blunt"},
    "negative": {"tense", "difficult", "regrettable", "worrying", "disappointing", "unproductive", "negative", "sharp", "heated"},
}

_TONE_WORDS = sorted(set().union(*TONE_REGISTERS.values()))


@lru_cache(maxsize=65536)
def tone_registers(text: str) -> set[str]:
    folded = fold(text)
    if not any(map(folded.__contains__, _TONE_WORDS)):  # map: the look for each word runs in C
        return set()
    words = set(re.findall(r"[a-z-]+", folded))
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


@lru_cache(maxsize=65536)
def durations(text: str) -> list[float]:
    """Durations mentioned in a text, in minutes (as stated; ``duration_ranges`` adds the leeway)."""
    return [stated for _low, _high, stated in duration_ranges(text)]


@lru_cache(maxsize=65536)
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
        # The counted thing is one of the next three words ("four Arlandese fishermen", "four
        # bilateral cooperation documents"); a thing each side names its own way is counted by its
        # kind ("five memoranda" / "four documents", "6,000 guardsmen" / "10,000 troops").
        for noun in (m.group(2), m.group(3), m.group(4)):
            if not noun or noun in STOPWORDS or noun in _NOT_COUNTED or noun.startswith(("hour", "minute", "year", "month", "week", "day", "percent")):
                continue
            out.setdefault(COUNTED_KINDS.get(noun, noun.rstrip("s")), value)
            if noun in STOPWORDS_AFTER_COUNT:
                break
    return out


def _counted_as(text: str, key: str) -> str:
    """The word a claim itself uses for a counted kind ("fishermen" for "people")."""
    if key not in COUNTED_KINDS.values():
        return key
    for m in _COUNT.finditer(fold(text)):
        for noun in (m.group(2), m.group(3), m.group(4)):
            if noun and COUNTED_KINDS.get(noun) == key:
                return noun
    return key


# Things two accounts count under different names: signed texts, and people (held, freed, sent).
COUNTED_KINDS = {
    **dict.fromkeys(("documents", "document", "agreements", "agreement", "memoranda", "memorandum", "memorandums",
                     "accords", "instruments", "deals", "contracts", "treaties"), "signed texts"),
    **dict.fromkeys(("detainees", "prisoners", "captives", "persons", "people", "soldiers", "troops", "servicemen",
                     "personnel", "members", "hostages", "nationals", "citizens", "fishermen", "sailors"), "people"),
}
# The counted thing's own noun ends the phrase: "four documents signed" is not also a count of "signed".
STOPWORDS_AFTER_COUNT = set(COUNTED_KINDS)


# Magnitudes and money are not things counted: "541 million euros" is a sum (see amounts).
_NOT_COUNTED = {"thousand", "million", "billion", "trillion", "dollars", "dollar", "euros", "euro", "pounds", "pound",
                "yuan", "rupees", "roubles", "rubles", "times", "quarters"}


def _days(text: str) -> set[str]:
    folded = fold(text)
    days = set(_WEEKDAY.findall(folded))
    for m in _MONTH_DAY.finditer(folded):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        days.add(f"{int(day)} {month}")
    return days


@lru_cache(maxsize=65536)
def initiative(text: str) -> str:
    """'request' when the text says a party asked for the event, 'invitation' when it says it was invited."""
    folded = fold(text)
    if "request" not in folded and "initiat" not in folded and "invit" not in folded:
        return ""  # the words every pattern below needs
    if _INVITATION.search(folded):
        return "invitation"
    if _REQUEST.search(folded):
        return "request"
    return ""


@lru_cache(maxsize=65536)
def negated(text: str) -> bool:
    folded = fold(text)
    if not any(map(folded.__contains__, _NEGATION_WORDS)):
        return False
    return bool(_NEGATED_ACT.search(folded))


@lru_cache(maxsize=65536)
def affirmed(text: str) -> bool:
    return bool(_POSITIVE_ACT.search(fold(text))) and not negated(text)


# Where the event took place: a place named right after the event ("met in Geneva", "talks held
# at Doha"), or a fronted "In Geneva, ..." in a sentence about the event. Topic places ("discussed
# the situation in Syria") are not the event's place and are never compared.
_EVENT_PLACE = re.compile(
    r"\b(?:met|meet|meeting|talks|summit|held|took place|take place|hosted|received|visit|visited|conference|session|"
    r"conversation|negotiations)\b[^.;:]{0,40}?\b(?:in|at)\s+((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|el-\w+)){0,2})"
)
# What _EVENT_PLACE's first words begin with ("meeting" has "meet", "visited" has "visit").
_EVENT_PLACE_WORDS = ("met", "meet", "talks", "summit", "held", "took place", "take place", "hosted", "received", "visit",
                      "conference", "session", "conversation", "negotiations")
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


@lru_cache(maxsize=65536)
def event_places(text: str) -> set[str]:
    """The known places where a claim says the event took place (folded names)."""
    if not any(map(text.__contains__, _EVENT_PLACE_WORDS)) and not text.lstrip().startswith(("In", "At")):
        return set()  # neither pattern can match: no event word, no fronted "In ..."
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


# What a claim states that a contradiction rule compares, one bit a rule input: a rule can fire only
# when both claims state its kind of fact (polarity: one negates an act, the other affirms one).
# A new rule needs its cue here too, or ``contradictions`` never runs it.
# Long accounts pair each claim with dozens of candidates; most claims state none of these, and
# their pairs are settled by the bits without running the rules.
(CUE_DURATION, CUE_COUNT, CUE_AMOUNT, CUE_CALENDAR, CUE_WEEKDAY, CUE_PLACE, CUE_TONE, CUE_WHO, CUE_INITIATIVE,
 CUE_CONDITIONS, CUE_EXTENT, CUE_VENUE, CUE_FREQUENCY, CUE_MEDIATION) = (1 << k for k in range(14))
CUE_NEGATED, CUE_AFFIRMED = 1 << 14, 1 << 15
_BOTH_SIDES = (1 << 14) - 1  # the cues a rule needs on both sides
# The event's own circumstances (who asked for it, how long, where, when, how much time a topic
# took): their cues, and how the reasons ``contradictions`` gives about them begin.
CIRCUMSTANCE_CUES = CUE_WHO | CUE_INITIATIVE | CUE_DURATION | CUE_VENUE | CUE_PLACE | CUE_CALENDAR | CUE_WEEKDAY | CUE_EXTENT
CIRCUMSTANCE_REASONS = ("who initiated", "duration", "venue", "place", "date", "how much time")


@lru_cache(maxsize=65536)
def conflict_cues(text: str) -> int:
    """The bits of ``CUE_*`` for what this claim states (see ``may_contradict``)."""
    cues = 0
    for bit, found in ((CUE_DURATION, duration_ranges), (CUE_COUNT, counts), (CUE_AMOUNT, amounts),
                       (CUE_CALENDAR, calendar_days), (CUE_WEEKDAY, weekdays), (CUE_PLACE, event_places),
                       (CUE_TONE, tone_registers), (CUE_WHO, initiator), (CUE_INITIATIVE, initiative),
                       (CUE_CONDITIONS, conditions), (CUE_EXTENT, extent), (CUE_VENUE, venues),
                       (CUE_FREQUENCY, frequency), (CUE_MEDIATION, mediation),
                       (CUE_NEGATED, negated), (CUE_AFFIRMED, affirmed)):
        if found(text):
            cues |= bit
    return cues


def may_contradict(left, right):
    """Whether claims with these cues can contradict each other: False means ``contradictions`` is
    empty. Plain bit operations, so that it reads ints or numpy arrays of them alike."""
    return ((left & right & _BOTH_SIDES) != 0) | (((left & CUE_NEGATED) != 0) & ((right & CUE_AFFIRMED) != 0)) | (
        ((left & CUE_AFFIRMED) != 0) & ((right & CUE_NEGATED) != 0))


def _labels_differ(label, left: str, right: str) -> bool:
    """Both claims give the rule's label ("conditional", "mediated") and the labels differ."""
    a, b = label(left), label(right)
    return bool(a and b and a != b)


def contradictions(left: str, right: str) -> list[str]:
    """Reasons the two claims cannot both be right (empty when nothing contradicts).

    Each rule runs only when both claims state its kind of fact (``conflict_cues``); the rules keep
    their own conditions, so that the cues only spare work."""
    cues_left, cues_right = conflict_cues(left), conflict_cues(right)
    if not may_contradict(cues_left, cues_right):
        return []
    both = cues_left & cues_right
    reasons = []
    if both & CUE_DURATION:
        dl, dr = duration_ranges(left), duration_ranges(right)
        if dl and dr and not any(_overlap(x, y) for x in dl for y in dr):
            reasons.append(f"duration differs: {_minutes(dl[0][2])} vs {_minutes(dr[0][2])}")
    if both & CUE_COUNT:
        cl, cr = counts(left), counts(right)
        for noun in sorted(cl.keys() & cr.keys()):  # sorted: the reasons' order is the same in every run
            if cl[noun] != cr[noun]:
                named = _counted_as(left, noun), _counted_as(right, noun)
                thing = named[0] if named[0] == named[1] else f"({named[0]} / {named[1]})"
                reasons.append(f"number differs: {cl[noun]:g} vs {cr[noun]:g} {thing}")
    if both & CUE_AMOUNT:
        al, ar = amounts(left), amounts(right)
        for currency in sorted(al.keys() & ar.keys()):
            if not any(abs(x - y) <= 0.05 * max(x, y) for x in al[currency] for y in ar[currency]):
                reasons.append(f"amount differs: {_money(al[currency][0])} vs {_money(ar[currency][0])} {currency}")
    if both & (CUE_CALENDAR | CUE_WEEKDAY):
        date = _date_conflict(left, right)
        if date:
            reasons.append(date)
    if both & CUE_PLACE:
        pl, pr = event_places(left), event_places(right)
        if pl and pr and not _places_compatible(pl, pr):
            reasons.append(f"place differs: {', '.join(sorted(pl)).title()} vs {', '.join(sorted(pr)).title()}")
    if both & CUE_TONE:
        tl, tr = tone_registers(left), tone_registers(right)
        if tl and tr and _tones_exclude(tl, tr):
            reasons.append(f"tone differs: {', '.join(sorted(tl))} vs {', '.join(sorted(tr))}")
    if both & (CUE_WHO | CUE_INITIATIVE):
        il, ir = initiative(left), initiative(right)
        who_left, who_right = initiator(left), initiator(right)
        if who_left and who_right and who_left != who_right:
            reasons.append(f"who initiated differs: {_shown_side(who_left, left)} vs {_shown_side(who_right, right)}")
        elif il and ir and il != ir:
            reasons.append("who initiated differs: one account says it was requested, the other that it was an invitation")
    if both & CUE_CONDITIONS and _labels_differ(conditions, left, right):
        reasons.append("conditions differ: one account reports conditions, the other none")
    if both & CUE_EXTENT:
        el, er = extent(left), extent(right)
        if el and er and el != er:
            brief, long = (left, right) if el == "brief" else (right, left)
            reasons.append(f"how much time it took differs: “{_EXTENT_WORDS['brief'].search(fold(brief)).group()}” vs "
                           f"“{_EXTENT_WORDS['much'].search(fold(long)).group()}”")
    if both & CUE_FREQUENCY:
        fl, fr = frequency(left), frequency(right)
        for period in sorted(fl.keys() & fr.keys()):
            if fl[period] != fr[period]:
                reasons.append(f"how often differs: {_times(fl[period])} vs {_times(fr[period])} a {period}")
    if both & CUE_MEDIATION and _labels_differ(mediation, left, right):
        reasons.append("who brokered it differs: one account names a mediator, the other says the sides dealt directly")
    if both & CUE_VENUE:
        vl, vr = venues(left), venues(right)
        if vl and vr and not vl & vr:
            reasons.append(f"venue differs: {', '.join(sorted(vl))} vs {', '.join(sorted(vr))}")
    if negated(left) != negated(right) and (affirmed(left) or affirmed(right)):
        positive, negative = (left, right) if negated(right) else (right, left)
        reasons.append(
            f"one account reports what the other says did not happen: “{_act(positive)}” vs “{_act(negative, negative=True)}”"
        )
    return reasons


# -- conditions, extent and venue: what an agreement hung on, how long a topic took, which building --

_CONDITIONAL = re.compile(r"\b(?:on (?:the )?condition (?:that|of)|provided that|conditional (?:up)?on|subject to (?:the )?condition)\b")
_UNCONDITIONAL = re.compile(r"\b(?:without (?:any )?(?:pre-?)?conditions?|unconditional(?:ly)?|with no (?:pre-?)?conditions?)\b")


@lru_cache(maxsize=65536)
def conditions(text: str) -> str:
    """'conditional' or 'unconditional' when a claim says what an agreement hung on, else ''."""
    folded = fold(text)
    if "condition" not in folded and "provided that" not in folded:
        return ""  # the word both patterns need
    if _UNCONDITIONAL.search(folded):
        return "unconditional"
    return "conditional" if _CONDITIONAL.search(folded) else ""


_EXTENT_WORDS = {
    "brief": re.compile(r"\b(?:briefly|in passing|touched (?:up)?on|a brief exchange|only a few words)\b"),
    "much": re.compile(r"\b(?:in large part|largely|for the most part|mostly|mainly|chiefly|dominated|"
                       r"much of the (?:time|conversation|meeting)|most of the (?:time|conversation|meeting))\b"),
}


# A part of every phrase of _EXTENT_WORDS ("briefly", "largely", "for the most part" ...).
_EXTENT_HINTS = ("brief", "in passing", "touched", "only a few words", "large", "at length", "most", "mainly", "chiefly",
                 "dominated", "much of the", "in depth", "in detail")


@lru_cache(maxsize=65536)
def extent(text: str) -> str:
    """'brief' ("briefly exchanged views") or 'much' ("devoted in large part to") or ''."""
    folded = fold(text)
    if not any(map(folded.__contains__, _EXTENT_HINTS)):
        return ""
    brief, much = (bool(p.search(folded)) for p in _EXTENT_WORDS.values())
    return "brief" if brief and not much else "much" if much and not brief else ""


_FREQUENCY = re.compile(rf"\b(once|twice|{_NUM} times)\s+(?:a|per|each|every)\s+(year|month|week|quarter)\b")


@lru_cache(maxsize=65536)
def frequency(text: str) -> dict[str, float]:
    """How often something is to happen, by period: "twice a year" -> {"year": 2}."""
    out = {}
    folded = fold(text)
    if not any(map(folded.__contains__, ("year", "month", "week", "quarter"))):
        return out  # the period the pattern ends on
    for m in _FREQUENCY.finditer(folded):
        word = m.group(1)
        value = 1.0 if word == "once" else 2.0 if word == "twice" else _number(word[: -len(" times")])
        if value is not None:
            out.setdefault(m.group(2), value)
    return out


def _times(value: float) -> str:
    return {1.0: "once", 2.0: "twice"}.get(value, f"{value:g} times")


_MEDIATED = re.compile(r"\b(?:mediat(?:or|ion|ed)|brokered|good offices|third[- ]party (?:help|role|efforts))\b")
_DIRECT = re.compile(r"\b(?:bilaterally|directly between|without (?:any )?(?:third[- ]part(?:y|ies)|mediation|mediator|outside help))\b")

_MEDIATION_WORDS = ("mediat", "brokered", "good offices", "third", "bilaterally", "directly between", "without")  # one of them in every match


@lru_cache(maxsize=65536)
def mediation(text: str) -> str:
    """'mediated' when a claim says a third party brokered the deal, 'direct' when it says the
    sides dealt with each other alone, else ''."""
    folded = fold(text)
    if not any(map(folded.__contains__, _MEDIATION_WORDS)):
        return ""
    direct, mediated = bool(_DIRECT.search(folded)), bool(_MEDIATED.search(folded))
    return "direct" if direct else "mediated" if mediated else ""


_VENUE = re.compile(
    r"\b(?:held|took place|taking place|met|meeting|talks|hosted|received)\b[^.;]{0,40}?\b(?:at|in) (?:the )?"
    r"((?:[\w'’-]+ ){0,4}?(embassy|palace|residence|premises|headquarters|hotel|villa|castle|chateau|mansion|"
    r"guesthouse|guest house|estate|resort))\b"
)


_BUILDINGS = ("embassy", "palace", "residence", "premises", "headquarters", "hotel", "villa", "castle", "chateau", "mansion",
              "guest", "estate", "resort")  # what _VENUE's building names begin with


@lru_cache(maxsize=65536)
def venues(text: str) -> set[str]:
    """The kind of building a claim says the event was held in ("embassy", "palace"), or nothing."""
    folded = fold(text)
    if not any(map(folded.__contains__, _BUILDINGS)):
        return set()
    return {m.group(2) for m in _VENUE.finditer(folded)}


# -- durations: "an hour and a half", "some ninety minutes", "more than two hours" ------------------

_QUARTERS = re.compile(r"\b(three quarters|a quarter|quarter) of an hour\b")
_HOUR_AND_HALF = re.compile(r"\b(an|one) hour and a half\b")
_QUALIFIER = re.compile(r"(more than|over|just over|a little over|upwards of|longer than|nearly|almost|just under|under|less than|about|some|around|roughly|approximately|close to)\s+$")


@lru_cache(maxsize=65536)
def duration_ranges(text: str) -> list[tuple[float, float, float]]:
    """Durations as (low, high, stated) minutes: "about 90 minutes" is 75–105, "more than an hour" 60–150."""
    folded = fold(text)
    if "hour" not in folded and "minute" not in folded:
        return []  # every pattern below names an hour or a minute
    found: list[tuple[int, float]] = []
    for m in _QUARTERS.finditer(folded):
        found.append((m.start(), 45.0 if m.group(1) == "three quarters" else 15.0))
    for m in _HOUR_AND_HALF.finditer(folded):
        found.append((m.start(), 90.0))
    taken = [m.span() for m in _QUARTERS.finditer(folded)] + [m.span() for m in _HOUR_AND_HALF.finditer(folded)]
    for m in _DURATION.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _duration_value(m)
        if value is not None:
            found.append((m.start(), value))
    out = []
    for start, value in sorted(found):
        qualifier = _QUALIFIER.search(folded[max(0, start - 20) : start])
        q = qualifier.group(1) if qualifier else ""
        if q in ("more than", "over", "just over", "a little over", "upwards of", "longer than"):
            low, high = value, value * 2.5
        elif q in ("nearly", "almost", "just under", "close to"):
            # "nearly an hour" is most of one: not the thirty minutes the other side reports
            low, high = value * 0.8, value
        elif q in ("under", "less than"):
            low, high = value * 0.5, value
        else:
            # A readout rounds: "an hour" may be fifty-five minutes or sixty-five, not ninety.
            low, high = value * 0.85, value * 1.15
        out.append((low, high, value))
    return out


def _duration_value(m: re.Match) -> float | None:
    if m.group(3):
        return 60.0
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
    return None if value is None else value * (60.0 if unit == "hour" else 1.0)


def _overlap(x: tuple[float, float, float], y: tuple[float, float, float]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


# -- dates: the same kind compared, a day apart allowed where time zones can explain it ------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RANGE = re.compile(
    r"\b(\d{1,2})\s*(?:-|–|and|to)\s*(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\b"
    r"|\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})\s*(?:-|–|and|to)\s*(\d{1,2})\b"
)
_TIME_OF_DAY = re.compile(
    r"\b(evening|night|morning|afternoon|late|early hours|midnight|overnight|a\.m\.|p\.m\.|local time|\w+ time|"
    r"telephone|phone|call|video|virtual|conversation)\b"
)


@lru_cache(maxsize=65536)
def calendar_days(text: str) -> set[tuple[int, int]]:
    """(month, day) dates a text names, every day of a range ("20-21 June") included."""
    folded = fold(text)
    if not _DIGIT.search(folded) or not any(map(folded.__contains__, _MONTHS)):
        return set()  # a date here is a day's number and a month
    days = set()
    for m in _DAY_RANGE.finditer(folded):
        first, last, month = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
        for d in range(int(first), min(int(last), 31) + 1):
            days.add((_MONTHS.index(month), d))
    for m in _MONTH_DAY.finditer(folded):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        days.add((_MONTHS.index(month), int(day)))
    return days


@lru_cache(maxsize=65536)
def weekdays(text: str) -> set[int]:
    if "day" not in fold(text):
        return set()
    return {_WEEKDAYS.index(d) for d in _WEEKDAY.findall(fold(text))}


def _date_conflict(left: str, right: str) -> str:
    """A date the two claims cannot both be right about. "Monday evening" (Washington) and "Tuesday
    morning" (Beijing) can be the same moment: for a call, or where a time of day is named, dates a
    day apart are not a conflict. A weekday is never compared with a calendar date."""
    def near() -> bool:
        return bool(_TIME_OF_DAY.search(fold(left)) or _TIME_OF_DAY.search(fold(right)))

    cl, cr = calendar_days(left), calendar_days(right)
    if cl and cr and not cl & cr:
        if not (near() and any(_days_apart(a, b) <= 1 for a in cl for b in cr)):
            show = lambda days: ", ".join(f"{d} {_MONTHS[m]}" for m, d in sorted(days))  # noqa: E731
            return f"date differs: {show(cl)} vs {show(cr)}"
    wl, wr = weekdays(left), weekdays(right)
    if wl and wr and not wl & wr:
        if not (near() and any(min((a - b) % 7, (b - a) % 7) <= 1 for a in wl for b in wr)):
            return f"date differs: {', '.join(_WEEKDAYS[d] for d in sorted(wl))} vs {', '.join(_WEEKDAYS[d] for d in sorted(wr))}"
    return ""


def _days_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    # Month lengths do not matter for "a day apart" except at a month's end: 31 January / 1 February.
    (ma, da), (mb, db) = a, b
    if ma == mb:
        return abs(da - db)
    if (mb - ma) % 12 == 1 and db == 1 and da >= 28:
        return 1
    if (ma - mb) % 12 == 1 and da == 1 and db >= 28:
        return 1
    return 99


# -- tone: only registers that exclude each other ------------------------------------------------------

def _tones_exclude(left: set[str], right: set[str]) -> bool:
    """"warm" and "negative" exclude each other; "frank" sits with either ("frank and constructive",
    "frank and difficult"), so frank against warm is a nuance, not a conflict."""
    if left & right:
        return False
    return ("warm" in left and "negative" in right) or ("negative" in left and "warm" in right)


# -- money: amounts in the same currency ------------------------------------------------------------

_CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "$": "USD", "us$": "USD", "euros": "EUR", "euro": "EUR", "€": "EUR",
                   "pounds": "GBP", "pound": "GBP", "£": "GBP", "sterling": "GBP", "yuan": "CNY", "rupees": "INR", "roubles": "RUB", "rubles": "RUB"}
_CURRENCY_HINTS = ("$", "€", "£", "dollar", "euro", "pound", "sterling", "yuan", "rupee", "rouble", "ruble")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_AMOUNT = re.compile(
    r"(us\$|\$|€|£)\s?(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion|bn|m)?\b"
    r"|\b(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion)?\s*(?:us )?(dollars|dollar|euros|euro|pounds|pound|sterling|yuan|rupees|roubles|rubles)\b"
)


@lru_cache(maxsize=65536)
def amounts(text: str) -> dict[str, list[float]]:
    """Sums of money by currency: "$100 million", "541 million euros", "£480 million"."""
    out: dict[str, list[float]] = {}
    folded = fold(text)
    if not _DIGIT.search(folded) or not any(map(folded.__contains__, _CURRENCY_HINTS)):
        return out  # an amount is written in figures, with its currency
    for m in _AMOUNT.finditer(folded):
        if m.group(1):
            currency, number, scale = _CURRENCY_WORDS[m.group(1)], m.group(2), m.group(3)
        else:
            currency, number, scale = _CURRENCY_WORDS[m.group(6)], m.group(4), m.group(5)
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            continue
        out.setdefault(currency, []).append(value * _SCALE.get(scale or "", 1.0))
    return out


def _money(value: float) -> str:
    for word, scale in (("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
        if value >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:g}"


# -- who initiated: the party named, when both accounts name one --------------------------------------

_PARTY = r"((?:[\w'’-]+\s+){0,6}[\w'’-]+)"
_INITIATOR_PATTERNS = (
    re.compile(rf"\bat the (?:request|initiative|invitation) of {_PARTY}(?=[\s,.;]|$)"),
    re.compile(rf"\bon the (?:initiative|invitation) of {_PARTY}(?=[\s,.;]|$)"),
    re.compile(r"\b(?:at|on) (?:the )?([\w'’-]+(?:\s+side)?)(?:'s|’s) (?:request|initiative|invitation)\b"),
    re.compile(r"\b(?:placed|held|made|arranged|initiated|requested) (?:at|on) (?:the )?([\w'’-]+(?:\s+side)?)(?:'s|’s) (?:request|initiative)\b"),
    re.compile(rf"\b(?:received|took|answered) a (?:telephone |phone |video )?call (?:\w+ ){{0,3}}?from {_PARTY}(?=[\s,.;]|$)"),
    re.compile(rf"\b(?:requested|initiated) by {_PARTY}(?=[\s,.;]|$)"),
    # "with the President of Talmyra, Dario Menck, who had requested the call": the commas kept, so
    # the country before the name is in reach
    re.compile(r"((?:[\w'’-]+,?\s+){0,6}[\w'’-]+),? who had (?:requested|asked for|sought|proposed) (?:it|the call|the meeting|the conversation|the talks)\b"),
)
# Each of the patterns needs one of these, or "received/took/answered a call ... from".
_INITIATOR_WORDS = ("request", "initiative", "invitation", "initiated", "who had", "asked for", "sought", "proposed")
_INITIATOR_HINT = re.compile(r"request|initiative|invitation|\bcall\b|who had|asked for|sought|proposed")
# A side named by its country, its people or its capital: one key for each.
_SIDES = {
    "white house": "united states", "downing street": "united kingdom", "number 10": "united kingdom",
    "chancellery": "germany", "zhongnanhai": "china", "blue house": "korea",
    "us": "united states", "u.s": "united states", "united states": "united states", "american": "united states", "america": "united states", "washington": "united states",
    "uk": "united kingdom", "british": "united kingdom", "britain": "united kingdom", "london": "united kingdom", "united kingdom": "united kingdom",
    "french": "france", "france": "france", "paris": "france", "elysee": "france",
    "chinese": "china", "china": "china", "beijing": "china", "prc": "china",
    "russian": "russia", "russia": "russia", "moscow": "russia", "kremlin": "russia",
    "turkish": "turkey", "turkey": "turkey", "turkiye": "turkey", "ankara": "turkey",
    "iranian": "iran", "iran": "iran", "tehran": "iran",
    "german": "germany", "germany": "germany", "berlin": "germany",
    "indian": "india", "india": "india", "pakistani": "pakistan", "pakistan": "pakistan",
    "japanese": "japan", "japan": "japan", "tokyo": "japan", "israeli": "israel", "israel": "israel",
    "ukrainian": "ukraine", "ukraine": "ukraine", "kyiv": "ukraine", "kiev": "ukraine",
    "saudi": "saudi arabia", "egyptian": "egypt", "egypt": "egypt", "mexican": "mexico", "mexico": "mexico",
    "korean": "korea", "korea": "korea", "australian": "australia", "australia": "australia", "canadian": "canada",
    "brazilian": "brazil", "brazil": "brazil", "afghan": "afghanistan", "afghanistan": "afghanistan",
}
_PARTY_FILLER = {"the", "side", "sides", "government", "leadership", "president", "prime", "minister", "foreign", "of", "his", "her",
                 "counterpart", "party", "republic", "islamic", "federation", "people's", "state", "chancellor", "mr", "ms"}


# "the White House had asked for the call": the side named just before the verb, and only a side the
# table knows (a person's name before "requested" says nothing of which government asked).
_ASKED_FOR = re.compile(
    r"((?:[\w'’.-]+\s+){0,2}[\w'’.-]+)\s+(?:had\s+|has\s+)?(?:asked for|requested|sought|proposed)\s+(?:the|a|this)\s+"
    r"(?:telephone |phone |video )?(?:call|conversation|meeting|talks)\b"
)

# The patterns that open on any words are tried at every word: each runs only where its verb is.
_PATTERN_NEEDS = {_INITIATOR_PATTERNS[-1]: ("who had",), _ASKED_FOR: ("asked for", "requested", "sought", "proposed")}


def _known_side(phrase: str) -> str:
    words = [w.strip("'’.,") for w in phrase.replace("’s", "").replace("'s", "").split()]
    for n in (2, 1):
        for i in range(len(words) - n, -1, -1):  # the words nearest the verb first
            key = " ".join(words[i : i + n])
            if key in _SIDES:
                return _SIDES[key]
    return ""


@lru_cache(maxsize=65536)
def initiator(text: str) -> str:
    """The side an account says asked for the event ("the french side", "turkey"), or ""."""
    folded = fold(text)
    if not any(map(folded.__contains__, _INITIATOR_WORDS)) and not (
            "call" in folded and "from" in folded and any(map(folded.__contains__, ("received", "took", "answered")))):
        return ""  # no pattern below can match
    if not _INITIATOR_HINT.search(folded):
        return ""  # most claims say nothing of who asked: skip the patterns
    for pattern in _INITIATOR_PATTERNS:
        if not _may_match(pattern, folded):
            continue
        m = pattern.search(folded)
        if m:
            side = _side(m.group(1))
            if side:
                return side
    m = _ASKED_FOR.search(folded) if _may_match(_ASKED_FOR, folded) else None
    return _known_side(m.group(1)) if m else ""


def _may_match(pattern: re.Pattern, folded: str) -> bool:
    needs = _PATTERN_NEEDS.get(pattern)
    return needs is None or any(map(folded.__contains__, needs))


def _shown_side(key: str, text: str) -> str:
    """A side as the reason shows it: a known one by its name ("france"), a state the table does not
    know by the word its account uses ("Talmyra", not the stem "talmyr")."""
    if key in _SIDES.values():
        return key
    m = re.search(rf"\b{re.escape(key)}[\w'’-]*", text, flags=re.IGNORECASE)
    return m.group().rstrip("'’s") if m else key


def _side(phrase: str) -> str:
    words = [w.strip("'’.,") for w in phrase.replace("’s", "").replace("'s", "").split()]
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            key = " ".join(words[i : i + n])
            if key in _SIDES:
                return _SIDES[key]
    # "Prime Minister Davit Oroz of Ebria (on Tuesday)": the country is what follows the last "of"
    if "of" in words[1:]:
        after = words[len(words) - 1 - words[::-1].index("of") + 1 :]
        if after and after[0] not in _PARTY_FILLER:
            words = after[:1]
    content = [w for w in words if w and w not in _PARTY_FILLER]
    # An unknown state ("the Durastani side", "Kelvaran minister"): its name's stem stands for it;
    # among several words, the one shaped like a people's name ("Kelvaran Minister Idris Halvorsen").
    if len(content) > 1:
        content = [w for w in content if re.search(r"(an|ian|ese|ish|i)$", w)][:1]
    if not content:
        return ""
    stem = content[0]
    for _ in range(2):
        stem = re.sub(r"(ians?|ans?|ese|ish|is?|a)$", "", stem) if len(stem) > 4 else stem
    # "Ebria" and "Ebrian" both to "ebr": the country's "-ia" and its people's "-ian" lose the same letters
    return stem[:-1] if len(stem) > 3 and stem.endswith("i") else stem


def _minutes(value: float) -> str:
    if value >= 60 and value % 60 == 0:
        hours = int(value // 60)
        return f"{hours} hour" + ("s" if hours != 1 else "")
    if value > 120:
        return f"{value / 60:g} hours"
    return counted(value, "minute", number=f"{value:g}")  # "1 minute", never "1 minutes"


def _act(text: str, negative: bool = False) -> str:
    pattern = _NEGATED_ACT if negative else _POSITIVE_ACT
    m = pattern.search(fold(text))
    return m.group() if m else text[:40]
