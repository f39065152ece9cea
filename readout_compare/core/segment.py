"""Cutting an account into claims with exact character spans.

A claim is at least a sentence. A sentence is cut further only where both halves stand alone as
assertions: at a clear clause boundary ("...; they agreed to Y", "..., and the ministers agreed
to Y") the second half has a subject of its own. "..., and agreed to Y" or "...; in his view the
programme is defensive" stay whole: cut off, they would be fragments no reader can brief from.
Markdown headings and rules are not claims. Sentence
ends are not taken on abbreviations, initials, dotted acronyms, decimals or inside quotes. Scripts
without capitals (Arabic, Persian, Hebrew, Chinese, Japanese...) end a sentence at their own full
stops ("。", "؟", "۔", "।") or at a full stop before any letter of theirs.
Each claim keeps who the account says made the assertion and the reporting verb, when the
sentence has them. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Account, Claim, claim_id

# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "cpt", "adm", "gov", "sen", "rep", "rev",
    "prof", "st", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "inc", "ltd", "co", "corp", "vs", "v", "e.g", "i.e", "cf", "approx",
    "amb", "hon", "pres", "min", "dept", "art", "para", "vol", "fig", "est", "messrs", "mme", "mlle",
    "h.e", "h.h", "h.m", "h.r.h", "al",
}
# After a dotted acronym ("U.S.") a sentence ends only if the next word usually opens one.
SENTENCE_OPENERS = {
    "the", "he", "she", "they", "it", "we", "i", "in", "on", "at", "both", "this", "that", "these", "those",
    "president", "prime", "minister", "mr", "mrs", "ms", "during", "after", "before", "earlier", "later",
    "a", "an", "his", "her", "their", "its", "there", "but", "however", "also", "meanwhile",
}

# Verbs that carry an assertion in a readout. A clause that starts with one of them after
# "and" (or ", and") can stand as its own claim; the first one in a sentence names the act.
REPORTING_VERBS = {
    "said", "says", "told", "stated", "stressed", "emphasized", "emphasised", "underlined", "underscored",
    "urged", "called", "asked", "requested", "demanded", "agreed", "discussed", "reviewed", "noted",
    "expressed", "voiced", "raised", "welcomed", "praised", "thanked", "congratulated", "condemned",
    "rejected", "reaffirmed", "affirmed", "reiterated", "restated", "recalled", "confirmed", "pledged",
    "committed", "decided", "proposed", "offered", "invited", "warned", "insisted", "highlighted",
    "accused", "briefed", "informed", "explained", "added", "defended", "described", "denied", "hoped",
    "exchanged", "spoke", "held", "met", "received", "welcomed", "conveyed", "shared", "acknowledged",
    "outlined", "pointed", "underlined", "assured", "appreciated", "supported", "opposed", "regretted",
    "announced", "reported", "indicated", "suggested", "considered", "addressed", "touched", "focused",
    "emphasises", "stresses", "urges", "agrees", "discusses", "notes", "expresses", "welcomes",
    "repeated", "maintained", "argued", "contended", "observed", "remarked", "declared", "asserted",
    "claimed", "vowed", "promised", "reassured", "complained", "lamented", "deplored", "protested",
    "objected", "cautioned", "predicted", "recommended", "requested", "reminded", "signalled", "signaled",
    "characterized", "characterised", "criticized", "criticised", "questioned", "hailed", "attended",
    "hosted", "visited", "telephoned", "phoned", "resolved", "adopted", "announced", "accepted",
}
# Who can make an assertion: a collective of the parties, or a person named or titled.
_COLLECTIVE_SUBJECT = re.compile(
    r"\b(the (?:two|three|four|five|both) (?:presidents|leaders|sides|ministers|heads of state|heads of government|"
    r"delegations|parties|countries|foreign ministers|prime ministers)|both (?:presidents|leaders|sides|ministers|parties)|"
    r"the (?:presidents|leaders|sides|ministers|parties|delegations|heads of state))\b"
)
PERSON_TITLES = {
    "president", "minister", "secretary", "chancellor", "spokesman", "spokesperson", "spokeswoman", "premier",
    "king", "queen", "prince", "emir", "sheikh", "ambassador", "envoy", "director", "leader", "counterpart",
    "side", "government", "ministry",
}
# The verbs that open a separable clause after "and": unambiguous assertion verbs only, since
# words like "shared" or "held" after "and" are more often adjectives ("peace and shared prosperity").
CLAUSE_VERBS = REPORTING_VERBS - {
    "shared", "held", "met", "supported", "opposed", "added", "committed", "pointed", "touched", "focused",
    "considered", "addressed", "reported", "indicated", "informed", "spoke", "described", "received",
}
SURNAME_PARTICLES = {"le", "la", "de", "du", "des", "der", "van", "von", "al", "el", "bin", "ben", "da", "di", "dos", "del"}
# Reporting verbs of two words: "made clear", "pointed out", "set out", "spelled out".
PHRASAL_REPORTING = {
    "made": ("clear", "it clear"), "make": ("clear", "it clear"), "pointed": ("out",), "set": ("out",),
    "spelled": ("out",), "spelt": ("out",), "laid": ("out",), "went": ("on",),
}
# Base forms after "did not", "will", "would" ... ("did not voice any concern").
BASE_VERBS = {
    "say", "tell", "state", "stress", "emphasize", "urge", "call", "ask", "agree", "discuss", "note",
    "express", "voice", "raise", "welcome", "mention", "address", "accept", "reject", "commit", "support",
    "discuss", "touch", "give", "make", "take", "hold", "meet", "speak", "propose", "offer", "request",
}
AUXILIARIES = {"did", "does", "do", "will", "would", "could", "can", "should", "shall", "may", "might", "must", "had", "has", "have", "was", "were"}
PRONOUNS = {"he", "she", "they", "him", "her", "it"}
_PASSIVE = {"was", "were", "is", "are", "been", "being", "be"}
TITLES = {
    "president", "prime", "minister", "foreign", "secretary", "chancellor", "mr", "mrs", "ms", "dr", "gen",
    "general", "state", "his", "her", "excellency", "counterpart", "vice", "deputy", "spokesman",
    "spokesperson", "spokeswoman", "king", "queen", "crown", "prince", "emir", "sheikh", "us", "u.s.",
    "french", "iranian", "russian", "chinese", "american", "turkish", "the",
}

_WORD = re.compile(r"[\w'’.-]+")

# Full stops of scripts written without spaces between sentences (Chinese, Japanese: "。！？．"):
# they end a sentence whatever follows. Arabic and Persian ("؟", "۔"), Devanagari ("।", "॥") and
# Ethiopic ("።") stops are followed by a space like ".".
UNSPACED_STOPS = "\u3002\uff01\uff1f\uff0e"
SENTENCE_STOPS = ".!?\u2026" + UNSPACED_STOPS + "\u061f\u06d4\u0964\u0965\u1362"
# What may follow a full stop and still belong to the sentence: more stops, closing quotes and brackets.
CLOSERS = SENTENCE_STOPS + "\"'\u201d\u2019)]\u00bb\u300d\u300f\uff09\u3011\u300b"
OPENING_QUOTES = "\u201c\u00ab\u300c\u300e"
CLOSING_QUOTES = "\u201d\u00bb\u300d\u300f"


_QUOTE_OR_STOP = re.compile("[" + re.escape(OPENING_QUOTES + CLOSING_QUOTES + '"' + SENTENCE_STOPS) + "]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans of a text, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    for para in _paragraphs(text):
        start = para.start
        quote_open = False
        i = para.start
        while True:
            # only quotes and full stops change anything: jump from one to the next
            found = _QUOTE_OR_STOP.search(text, i, para.end)
            if found is None:
                break
            i = found.start()
            ch = text[i]
            if ch in OPENING_QUOTES:
                quote_open = True
            elif ch in CLOSING_QUOTES:
                quote_open = False
            elif ch == '"':
                quote_open = not quote_open
            elif ch in SENTENCE_STOPS and _ends_sentence(text, i, para.end, quote_open):
                end = i + 1
                while end < para.end and text[end] in CLOSERS:
                    end += 1
                spans.append(_trim(text, start, end))
                start = end
                quote_open = False
                i = end
                continue
            i += 1
        if text[start : para.end].strip():
            spans.append(_trim(text, start, para.end))
    return [s for s in spans if s.end > s.start]


# A Markdown heading ("## Readout") or rule ("---", "***"): a label of the page, not a claim.
_NOT_PROSE = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s|$)|(?:[-*_]\s*){3,}$)")


def _paragraphs(text: str) -> list[Span]:
    # A line break ends a sentence too: headings, list items and datelines have no full stop.
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip() and not _NOT_PROSE.match(m.group()):
            out.append(Span(m.start(), m.end()))
    return out


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _ends_sentence(text: str, i: int, limit: int, quote_open: bool) -> bool:
    j = i + 1
    quoted = quote_open
    while j < limit and text[j] in CLOSERS:
        if text[j] in '"' + CLOSING_QUOTES:
            quote_open = False
        j += 1
    if j >= limit:
        return True
    if text[i] in UNSPACED_STOPS:
        # "。" ends a sentence with no space after it; not inside 「…」, and not at the end of a
        # quotation the sentence goes on after (「…。」と述べた。).
        return not quote_open and not (quoted and not text[j].isspace())
    if not text[j].isspace():
        return False  # "3.5", "U.S.-led", "example.com"
    k = j
    while k < limit and text[k].isspace():
        k += 1
    if k >= limit:
        return True
    nxt = text[k]
    if quote_open:
        return False  # inside a quotation only the quotation's end can close the sentence
    if not (nxt.isupper() or nxt.isdigit() or _caseless_letter(nxt) or nxt in "\"'\u201c\u2018(\u00ab[" + OPENING_QUOTES):
        return False
    if text[i] != ".":
        return True
    word = _word_before(text, i)
    low = word.lower().rstrip(".")
    if low in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Donald J. Trump"
    if "." in word:  # a dotted acronym such as U.S. or U.N.: ends a sentence only before a usual opener
        next_word = re.match(r"[\w']+", text[k:])
        return bool(next_word) and next_word.group().lower() in SENTENCE_OPENERS
    return True


def _caseless_letter(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Hebrew, Chinese...): any of them may open a sentence."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    return text[j:i]


# A clause boundary followed by a new assertion verb: ", and agreed", " and agreed", "; they agreed".
_CLAUSE = re.compile(r"(?:,\s+and\s+|\s+and\s+|,\s+but\s+|;\s+(?:and\s+)?)(?:(?:also|further|then)\s+)?(?=(\w+))")


def clauses(text: str, span: Span) -> list[Span]:
    """Split one sentence at clear clause boundaries into separable assertions."""
    sentence = text[span.start : span.end]
    cuts = []
    quoted = _quoted_ranges(sentence)
    for m in _CLAUSE.finditer(sentence):
        semicolon = ";" in m.group()
        if any(a <= m.start() < b for a, b in quoted):
            continue
        left, right = sentence[: m.start()], sentence[m.end() :]
        if len(left.split()) < 4 or len(right.split()) < 4:
            continue  # too short to stand alone as an assertion
        if not semicolon and not m.group().startswith(","):
            continue  # a bare "and" joins a list or two verbs of one subject far more often than two claims
        if not _stands_alone(right, reporting=not semicolon):
            continue  # "and agreed to ...": a fragment without its subject
        cuts.append((m.start(), m.end()))
    out, start = [], span.start
    for cut_start, cut_end in cuts:
        piece = _trim(text, start, span.start + cut_start)
        if piece.end > piece.start and piece.start >= start:
            out.append(piece)
        start = span.start + cut_end
    out.append(_trim(text, start, span.end))
    return out


_SUBJECT_START = re.compile(
    r"^(?:(?:he|she|they|we|it)\b|(?:the|both|each|all)\s+(?:\w+\s+){0,3}?"
    r"(?:presidents?|leaders?|sides?|ministers?|parties|delegations?|countries|governments?|secretary|chancellor|minister|spokes\w+)\b"
    r"|(?:president|prime minister|minister|secretary|chancellor|mr|mrs|ms|dr)\.?\s+[A-Z]|[A-Z][a-z]+\s+(?:said|added|stressed|agreed|noted|urged|called|asked))"
)


def _stands_alone(clause: str, reporting: bool = False) -> bool:
    """A clause with a subject of its own followed by a verb: "they agreed ...", "the two
    presidents also discussed ...", "Rouhani said ...". Not "agreed to ...", nor "in his view ...".
    ``reporting``: the verb must be one that reports an assertion (after ", and"; a clause such as
    "they are there to fight terrorists" goes on the sentence's own assertion)."""
    words = clause.split()
    if not words or not _SUBJECT_START.match(clause.lstrip()):
        return False
    verbs = CLAUSE_VERBS if reporting else REPORTING_VERBS | AUXILIARIES | {"is", "are"}
    return any(w.lower().strip(",.;") in verbs for w in words[1:6])


_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb")


def _quoted_ranges(sentence: str) -> list[tuple[int, int]]:
    ranges = []
    for m in _QUOTED.finditer(sentence):
        ranges.append((m.start(), m.end()))
    return ranges


def attribution(sentence: str, previous_speaker: str = "", previous_person: str = "") -> tuple[str, str]:
    """(speaker, reporting verb) of a sentence, as far as its wording says.

    "He"/"she" take the last person named; "they" the last group ("the two presidents").
    """
    words = [(m.group(), m.start()) for m in _WORD.finditer(sentence)]
    verb_at = None
    verb = ""
    for n, (word, _pos) in enumerate(words[:40]):
        low = word.lower().strip(".'’")
        if low in PHRASAL_REPORTING:
            following = " ".join(w.lower() for w, _ in words[n + 1 : n + 3])
            if following.startswith(PHRASAL_REPORTING[low]):
                verb_at, verb = n, f"{low} {following.split()[0]}" if following.split()[0] != "it" else f"{low} it clear"
                break
        if low in REPORTING_VERBS:
            verb_at, verb = n, low
            break
        if low in BASE_VERBS and n > 0:
            prev = [w.lower() for w, _ in words[max(0, n - 3) : n]]
            if any(p in AUXILIARIES for p in prev):
                verb_at, verb = n, low
                break
    if verb_at is None:
        return "", ""
    before = [w.lower() for w, _ in words[max(0, verb_at - 3) : verb_at] if w.lower() not in {"also", "further", "then", "again"}]
    if before and before[-1] in _PASSIVE:
        # "Syria and Lebanon were also discussed by the two presidents": the speaker is the agent
        # after "by", never the subject (the topics); without an agent there is none.
        agent = re.match(r"\s*by\s+([^,.;:]+)", sentence[words[verb_at][1] + len(words[verb_at][0]) :])
        return (attribution(f"{agent.group(1)} said", previous_speaker, previous_person)[0] if agent else ""), verb
    subject_text = sentence[: words[verb_at][1]]
    # The subject follows any fronted phrase: "In a call with X, President Y said" -> "President Y".
    subject_text = subject_text.rsplit(",", 1)[-1]
    subject_words = [w for w in _WORD.findall(subject_text)]
    while subject_words and subject_words[-1].lower() in AUXILIARIES | {"not", "also", "further", "then", "again", "never"}:
        subject_words.pop()
    if not subject_words or len(subject_words) > 10:
        return "", verb
    low = [w.lower() for w in subject_words]
    if low[-1] in PRONOUNS:
        if low[-1] == "they":
            return previous_speaker if previous_speaker.startswith(("the ", "both ")) else "both sides", verb
        return previous_person, verb
    collective = _COLLECTIVE_SUBJECT.search(" ".join(low))
    if collective:
        return collective.group(1), verb
    if low[-1] in {"side", "delegation", "government", "ministry"} and len(low) <= 5:
        return " ".join(subject_words).strip(), verb  # "the U.S. side": a government, not a person called "U.S"
    names = [w for w in subject_words if w[:1].isupper() and w.lower().strip(".") not in TITLES]
    if names and not any(w.lower() in {"of"} for w in subject_words):
        surname = names[-1].strip(".'’")  # a surname is how readouts refer back to a person
        at = len(subject_words) - 1 - subject_words[::-1].index(names[-1])
        if at > 0 and subject_words[at - 1].lower() in SURNAME_PARTICLES:
            surname = f"{subject_words[at - 1]} {surname}"  # "Le Drian", "von der Leyen" keeps its particle
            if at > 1 and subject_words[at - 2].lower() in SURNAME_PARTICLES:
                surname = f"{subject_words[at - 2]} {surname}"
        return surname, verb
    if any(w.strip(".") in PERSON_TITLES for w in low) and len(low) <= 6:
        return " ".join(subject_words).strip(), verb  # "the President", "the French side", "the spokesman"
    return "", verb  # a thing, not a person: "The next summit will be held ..."


def segment(account: Account, account_index: int) -> tuple[Claim, ...]:
    """Cut an account into claims."""
    text = account.text
    claims: list[Claim] = []
    speaker = person = ""
    for s_no, sentence in enumerate(sentences(text)):
        sentence_speaker, sentence_verb = attribution(text[sentence.start : sentence.end], speaker, person)
        if sentence_speaker:
            speaker = sentence_speaker
            if not sentence_speaker.startswith(("the ", "both ")):
                person = sentence_speaker
        for c_no, clause in enumerate(clauses(text, sentence)):
            clause_text = text[clause.start : clause.end]
            if c_no == 0:
                who, verb = sentence_speaker, sentence_verb
            else:
                # A split-off clause keeps the sentence's subject ("..., and agreed to ...").
                own_who, own_verb = attribution(clause_text, speaker, person)
                who = own_who or sentence_speaker
                verb = own_verb or sentence_verb
            claims.append(
                Claim(
                    id=claim_id(account_index, len(claims)),
                    account=account_index,
                    index=len(claims),
                    start=clause.start,
                    end=clause.end,
                    text=clause_text,
                    sentence=s_no,
                    speaker=who,
                    verb=verb,
                )
            )
    return tuple(claims)
