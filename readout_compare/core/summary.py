"""The written summary of a comparison: what an analyst would tell a reader in a few lines.

``summarize(reading)`` reads one ``Reading`` (never the links themselves: relations, omissions
and groups are the reading's) and returns a ``WrittenSummary``: the facts as data (what each
account leads with, the passages only one account reports, the conflicts with their reasons,
the matched claims whose commitment, speaker, modality or tone changed, each account's tone
words, the asymmetry of length and detail, and the words each account gives each topic) and
the same facts as plain sentences with claim ids, grouped in sections. Every briefing format and
the window's Summary dock show these sentences, so they all say the same thing.

A "topic" is a group of aligned claims (``Reading.groups``). What only one account reports is
grouped into passages: runs of consecutive claims of that account with no counterpart in the
others, largest (in words) first; a claim with only a related link stays in its passage but is
called "related only", never an omission.

Standard library only. Sentences quote account text as it is (plain text): each view escapes it
for its format and removes what it cannot hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from .explain import NO_REASON, kind_detail, related_words, why_conflict
from .kinds import TONE
from .model import Claim, Relation
from .reading import Reading, State
from .terms import fold

QUOTE_WORDS = 12  # a claim quoted in a sentence: its first words
MAX_PASSAGES = 5  # passages named per account; the rest are counted
MAX_CONFLICTS = 20  # conflicts named; the rest are counted (all are listed under Conflicts)
MAX_CHANGES = 8  # matched claims named per kind of change
MAX_BARS = 30  # topics in the coverage chart; a longer comparison shows its largest
TOPIC_WORDS = 6  # words of a topic's label in the chart
# Kinds of change between matched claims the summary names, in this order.
CHANGE_KINDS = ("commitment", "attribution", "modality", "tone")
CHANGE_TITLES = {
    "commitment": "Commitments that changed strength",
    "attribution": "Attributions that moved",
    "modality": "Modality softened or hardened",
    "tone": "Tone words that differ",
}
# Words of kinds.TONE that are too often something else ("as long as", "open the border").
_NOT_TONE = {"long", "lengthy", "open", "direct", "detailed", "extensive", "difficult"}


@dataclass(frozen=True)
class Lead:
    """An account's first claim, and what each other account does with it."""

    account: int
    claim: str
    quote: str
    elsewhere: tuple[tuple[int, str, int], ...]  # (account, counterpart id, its position from 1); none: not reported
    own: str = ""  # the account's first claim that no other account reports, when that is not its lead


@dataclass(frozen=True)
class Passage:
    """Consecutive claims of one account that no other account reports."""

    account: int
    claims: tuple[str, ...]
    words: int
    quote: str  # the passage's first claim, shortened
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()  # claims with only a related link, and what they relate to


@dataclass(frozen=True)
class ConflictNote:
    claims: tuple[str, str]
    accounts: tuple[int, int]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """A matched pair whose commitment, speaker, modality or tone differs."""

    kind: str
    claims: tuple[str, str]
    detail: str  # "agreed / discussed"


@dataclass(frozen=True)
class Topic:
    """One bar of the coverage chart: a group of aligned claims and the words each account gives it."""

    group: int
    id: str  # "A1+B1"
    label: str  # its first claim's first words
    state: State
    words: tuple[int, ...]  # per account


@dataclass(frozen=True)
class Coverage:
    labels: tuple[str, ...]
    topics: tuple[Topic, ...]  # in reading order
    total: int  # topics in the comparison (more than len(topics) when only the largest are shown)

    @property
    def largest(self) -> int:
        return max((w for t in self.topics for w in t.words), default=0)


@dataclass(frozen=True)
class Section:
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class WrittenSummary:
    labels: tuple[str, ...]
    leads: tuple[Lead, ...]
    passages: tuple[tuple[Passage, ...], ...]  # per account, largest first
    conflicts: tuple[ConflictNote, ...]
    changes: tuple[Change, ...]
    tone: tuple[tuple[tuple[str, str], ...], ...]  # per account: (tone word, claim id)
    words: tuple[int, ...]  # per account
    claims: tuple[int, ...]  # per account
    shared_words: tuple[int, ...]  # per account: words in the topics every account reports
    coverage: Coverage
    sections: tuple[Section, ...]

    def text(self) -> str:
        """The summary as plain text to paste: a title line per section, its sentences below."""
        return "\n\n".join(s.title + "\n" + "\n".join(s.sentences) for s in self.sections) + "\n"

    def to_data(self) -> dict:
        """The summary as JSON-ready data (the ``summary`` object of a JSON briefing)."""
        return {
            "sections": [{"title": s.title, "sentences": list(s.sentences)} for s in self.sections],
            "leads": [{"account": ld.account, "claim": ld.claim, "elsewhere": [list(e) for e in ld.elsewhere], "own": ld.own}
                      for ld in self.leads],
            "only_in": [[{"claims": list(p.claims), "words": p.words,
                          "related": {cid: list(to) for cid, to in p.related}} for p in passages]
                        for passages in self.passages],
            "conflicts": [{"claims": list(c.claims), "reasons": list(c.reasons)} for c in self.conflicts],
            "changes": [{"kind": c.kind, "claims": list(c.claims), "detail": c.detail} for c in self.changes],
            "tone": [[{"word": w, "claim": cid} for w, cid in words] for words in self.tone],
            "words": list(self.words),
            "coverage": {
                "labels": list(self.coverage.labels),
                "total": self.coverage.total,
                "topics": [{"id": t.id, "label": t.label, "state": t.state.value, "words": list(t.words)}
                           for t in self.coverage.topics],
            },
        }


# -- wording helpers ---------------------------------------------------------------------------------

def shorten(text: str, words: int = QUOTE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def ids(names) -> str:
    """"A8", "A8 and A9", "A8, A9 and A10"."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _words(claim: Claim) -> int:
    return len(claim.text.split())


# -- the facts ---------------------------------------------------------------------------------------

def _leads(reading: Reading) -> tuple[Lead, ...]:
    comparison = reading.comparison
    out = []
    for k, claims in enumerate(comparison.claims):
        if not claims:
            continue
        first = claims[0]
        elsewhere = []
        for other in range(len(comparison.accounts)):
            if other == k or reading.relation_to(first.id, other) not in (State.MATCHED, State.CHANGED, State.CONFLICT):
                continue
            there = min(comparison.counterparts(first.id, other), key=lambda c: c.index)
            elsewhere.append((other, there.id, there.index + 1))
        own = next((c.id for c in claims if reading.state(c.id) in (State.OMITTED, State.RELATED)), "")
        out.append(Lead(k, first.id, shorten(first.text), tuple(elsewhere), "" if own == first.id else own))
    return tuple(out)


def _passages(reading: Reading, account: int) -> tuple[Passage, ...]:
    comparison = reading.comparison
    runs: list[list[Claim]] = []
    previous = None
    for claim in comparison.claims[account]:
        alone = reading.state(claim.id) in (State.OMITTED, State.RELATED)
        if alone:
            if previous is not None and previous.index == claim.index - 1:
                runs[-1].append(claim)
            else:
                runs.append([claim])
            previous = claim
    out = []
    for run in runs:
        related = []
        for claim in run:
            if reading.state(claim.id) is State.RELATED:
                to = tuple(comparison.partner(ln, claim.id).id for ln in comparison.links_of(claim.id)
                           if ln.relation is Relation.RELATED)
                related.append((claim.id, to))
        out.append(Passage(account, tuple(c.id for c in run), sum(_words(c) for c in run), shorten(run[0].text), tuple(related)))
    # Largest first; among equals, the one the account tells first.
    out.sort(key=lambda p: (-p.words, comparison.claim(p.claims[0]).index))
    return tuple(out)


def _conflicts(reading: Reading) -> tuple[ConflictNote, ...]:
    """Each conflict link once, in the order of the groups (reading order), with its reasons."""
    comparison = reading.comparison
    out = []
    for group, state in zip(reading.groups, reading.group_states):
        if state is not State.CONFLICT:
            continue
        for cid in group.claims:
            for link in comparison.links_of(cid):
                if link.relation is Relation.CONFLICT and link.claims[0] == cid:
                    a, b = sorted((comparison.claim(c) for c in link.claims), key=lambda c: (c.account, c.index))
                    reasons = tuple(why_conflict(link)) or (NO_REASON,)
                    out.append(ConflictNote((a.id, b.id), (a.account, b.account), reasons))
    return tuple(out)


def _changes(reading: Reading) -> tuple[Change, ...]:
    comparison = reading.comparison
    out = []
    for kind in CHANGE_KINDS:
        for group, state in zip(reading.groups, reading.group_states):
            if state is not State.CHANGED and state is not State.CONFLICT:
                continue
            for cid in group.claims:
                for link in comparison.links_of(cid):
                    if link.claims[0] != cid or link.relation is not Relation.MATCH or kind not in link.kinds:
                        continue
                    a, b = sorted((comparison.claim(c) for c in link.claims), key=lambda c: (c.account, c.index))
                    detail = kind_detail(kind, a, b)
                    detail = detail.split(": ", 1)[1] if ": " in detail else ""
                    out.append(Change(kind, (a.id, b.id), detail))
    return tuple(out)


def _tone(reading: Reading, account: int) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for claim in reading.comparison.claims[account]:
        for word in TONE.findall(fold(claim.text)):
            if word not in _NOT_TONE:
                found.setdefault(word, claim.id)
    return tuple(found.items())


def coverage(reading: Reading, bars: int = MAX_BARS) -> Coverage:
    """Words each account gives each topic (group), in reading order; the largest ``bars`` when there are more."""
    comparison = reading.comparison
    n = len(comparison.accounts)
    topics = []
    for g, group in enumerate(reading.groups):
        words = [0] * n
        for cid in group.claims:
            claim = comparison.claim(cid)
            words[claim.account] += _words(claim)
        first = comparison.claim(group.claims[0])
        topics.append(Topic(g, "+".join(group.claims), shorten(first.text, TOPIC_WORDS), reading.group_states[g], tuple(words)))
    shown = topics
    if len(topics) > bars:
        keep = {t.group for t in sorted(topics, key=lambda t: (-sum(t.words), t.group))[:bars]}
        shown = [t for t in topics if t.group in keep]
    return Coverage(tuple(a.label for a in comparison.accounts), tuple(shown), len(topics))


# -- the sentences -----------------------------------------------------------------------------------

def _lead_sentences(summary_leads, labels) -> list[str]:
    out = []
    for lead in summary_leads:
        text = f"The {labels[lead.account]} account leads with {lead.claim}: “{lead.quote}”"
        fates = []
        reported = {other: (cid, pos) for other, cid, pos in lead.elsewhere}
        for other, label in enumerate(labels):
            if other == lead.account:
                continue
            if other in reported:
                cid, pos = reported[other]
                fates.append(f"the {label} puts it first too ({cid})" if pos == 1 else f"the {label} has it as its {_ordinal(pos)} claim ({cid})")
            else:
                fates.append(f"the {label} does not report it")
        text += "; " + "; ".join(fates) + "."
        if lead.own:
            text += f" Its first claim that no other account reports is {lead.own}."
        out.append(text)
    return out


def _omission_sentences(passages, labels, words, reading: Reading) -> list[str]:
    out = []
    for k, found in enumerate(passages):
        if len(labels) == 2:
            other = f"the {labels[1 - k]}"
            everything, left_out = f"Everything the {labels[k]} account reports is in {other} too.", f"that {other} leaves out"
        else:
            everything, left_out = f"Everything the {labels[k]} account reports is in another account too.", ""
        if not found:
            out.append(everything)
            continue
        claims = sum(len(p.claims) for p in found)
        total = sum(p.words for p in found)
        share = round(100 * total / words[k]) if words[k] else 0
        where = "in one passage:" if len(found) == 1 else f"in {len(found)} passages, largest first:"
        head = f"Only the {labels[k]} reports {_plural(claims, 'claim')} ({total} words, {share}% of its account)" + (f" {left_out}" if left_out else "") + f", {where}"
        items = []
        for p in found[:MAX_PASSAGES]:
            item = f"{ids(p.claims)} ({_plural(p.words, 'word')}): “{p.quote}”"
            if p.related:
                item += " (" + "; ".join(f"{cid} is related only: {related_words(reading.comparison, cid)}" for cid, _ in p.related) + ")"
            items.append(item)
        rest = found[MAX_PASSAGES:]
        text = head + " " + "; ".join(items) + "."
        if rest:
            text += (f" {_plural(len(rest), 'smaller passage')} ({_plural(sum(len(p.claims) for p in rest), 'claim')}, "
                     f"{sum(p.words for p in rest)} words) follow under “Only in {labels[k]}”.")
        out.append(text)
    if len(labels) > 2:
        # With three or more accounts a claim can be in one other account and not in another.
        partly = [(c.id, reading.missing_from(c.id)) for c in reading.comparison.all_claims()
                  if reading.state(c.id) not in (State.OMITTED, State.RELATED) and reading.missing_from(c.id)]
        if partly:
            items = [f"{cid} (not in {', '.join('the ' + labels[o] for o in missing)})" for cid, missing in partly[:MAX_CHANGES]]
            more = f", and {len(partly) - MAX_CHANGES} more" if len(partly) > MAX_CHANGES else ""
            out.append("Claims some of the other accounts report and others leave out: " + "; ".join(items) + more + ".")
    return out


def _conflict_sentences(conflicts, labels) -> list[str]:
    if not conflicts:
        return ["The accounts do not contradict each other on any claim the engine aligned."]
    out = [f"The accounts contradict each other {'once' if len(conflicts) == 1 else f'{len(conflicts)} times'}."]
    for c in conflicts[:MAX_CONFLICTS]:
        a, b = c.claims
        out.append(f"{a} ({labels[c.accounts[0]]}) and {b} ({labels[c.accounts[1]]}) conflict: {'; '.join(c.reasons)}.")
    if len(conflicts) > MAX_CONFLICTS:
        out.append(f"{len(conflicts) - MAX_CONFLICTS} more conflicts are listed under “Conflicts”.")
    return out


def _change_sentences(changes, tone, labels) -> list[str]:
    out = []
    for kind in CHANGE_KINDS:
        found = [c for c in changes if c.kind == kind]
        if not found:
            continue
        items = [f"{a} / {b}" + (f" ({c.detail})" if c.detail else "") for c in found[:MAX_CHANGES] for a, b in [c.claims]]
        more = f", and {len(found) - MAX_CHANGES} more" if len(found) > MAX_CHANGES else ""
        out.append(f"{CHANGE_TITLES[kind]}: {'; '.join(items)}{more}.")
    if not out:
        out.append("Where the accounts report the same claim, neither the commitment, the speaker, the modality nor the tone changes.")
    if any(tone):
        parts = []
        for k, words in enumerate(tone):
            parts.append(f"the {labels[k]}: " + (", ".join(f"{w} ({cid})" for w, cid in words) if words else "none"))
        out.append("Tone words: " + "; ".join(parts) + ".")
    return out


def _length_sentences(labels, words, claims, shared, topics_shared) -> list[str]:
    order = sorted(range(len(labels)), key=lambda k: -words[k])
    out = []
    if len(labels) == 2:
        long_, short = order
        if words[long_] == words[short]:
            out.append(f"The two accounts are as long as each other: {words[long_]} words each.")
        else:
            ratio = words[long_] / words[short] if words[short] else 0
            times = f" ({ratio:.1f} times as long)" if ratio >= 1.1 else " (about as long)"
            out.append(f"The {labels[long_]} account is the longer: {words[long_]} words in {_plural(claims[long_], 'claim')}, "
                       f"against {words[short]} words in {_plural(claims[short], 'claim')} for the {labels[short]}{times}.")
    else:
        out.append("By length: " + "; ".join(f"the {labels[k]} {words[k]} words in {_plural(claims[k], 'claim')}" for k in order) + ".")
    if topics_shared:
        every = "both" if len(labels) == 2 else "every account"
        detail = ", ".join(f"the {labels[k]} {shared[k]}" for k in sorted(range(len(labels)), key=lambda k: -shared[k]))
        out.append(f"On the {_plural(topics_shared, 'topic')} {every} report{'s' if every != 'both' else ''}, "
                   f"the words each gives them: {detail}.")
    else:
        out.append("No topic is reported by every account.")
    return out


def summarize(reading: Reading) -> WrittenSummary:
    """The written summary of the comparison ``reading`` reads."""
    comparison = reading.comparison
    labels = tuple(a.label or f"Account {k + 1}" for k, a in enumerate(comparison.accounts))
    n = len(labels)
    words = tuple(a.words for a in comparison.accounts)  # as the accounts table counts them
    claims = tuple(len(c) for c in comparison.claims)
    leads = _leads(reading)
    passages = tuple(_passages(reading, k) for k in range(n))
    conflicts = _conflicts(reading)
    changes = _changes(reading)
    tone = tuple(_tone(reading, k) for k in range(n))
    chart = coverage(reading)
    shared = [0] * n
    topics_shared = 0
    for group in reading.groups:
        present = {comparison.claim(c).account for c in group.claims}
        if len(present) == n:
            topics_shared += 1
            for cid in group.claims:
                claim = comparison.claim(cid)
                shared[claim.account] += _words(claim)
    sections = (
        Section("What each account leads with", tuple(_lead_sentences(leads, labels))),
        Section("What only one account reports", tuple(_omission_sentences(passages, labels, words, reading))),
        Section("Conflicts", tuple(_conflict_sentences(conflicts, labels))),
        Section("Changes in the claims both report", tuple(_change_sentences(changes, tone, labels))),
        Section("Length and detail", tuple(_length_sentences(labels, words, claims, shared, topics_shared))),
    )
    return WrittenSummary(labels, leads, passages, conflicts, changes, tone, words, claims, tuple(shared), chart, sections)

