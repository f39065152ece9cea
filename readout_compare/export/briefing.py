"""The briefing: what an analyst hands to a reader who does not have the application.

One model, built once from a ``Comparison`` (and the analyst's tags and notes, when she made
any), that every writer reads: HTML, PDF, Word, CSV. Writers only lay it out; every decision
about *what* a briefing says lives here, so the formats cannot drift apart.

Standard library only (no Qt). Account text is untrusted: the model keeps it as plain text
(control characters removed, nothing else changed) and each writer escapes it for its format.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Mapping

from ..core.explain import related_words, set_by, why_conflict
from ..core.marks import DIFFERENCE_TINT, MARKS
from ..core.model import Claim, Comparison, Group, Relation
from ..core.reading import Reading, State
from ..core.summary import Coverage, Section, Topic, summarize
from .coverage_chart import Chart
from .coverage_chart import layout as chart_layout

# How each relation is shown comes from core.marks, the table every view reads. The symbol and
# the word carry the meaning on a black-and-white printout; the tint only helps on screen.
OMISSION = State.OMITTED.value
RELATION_SYMBOL = {state.value: m.symbol for state, m in MARKS.items()}
RELATION_WORD = {state.value: m.heading for state, m in MARKS.items()}
RELATION_COLOUR = {state.value: m.tint for state, m in MARKS.items()}
DIFFERENCE_COLOUR = DIFFERENCE_TINT  # differing words; also underlined for print

LEAD_CLAIMS = 2  # "what each account leads with": its first claims
LEAD_WORDS = 14

# Characters XML 1.0 (hence .docx) and HTML parsers refuse, and that no reader needs to see.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """Account text without control characters (they break .docx and mean nothing to a reader)."""
    return _CONTROL.sub("", text)


def text_direction(text: str) -> str:
    """'rtl' when the first strongly directional letter is Arabic/Hebrew script, else 'ltr'.

    The same rule as HTML's dir="auto", for formats (Word) that need the direction spelled out.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@dataclass(frozen=True)
class Judgement:
    """What the analyst said about a claim or a group: her tags and a note."""

    tags: tuple[str, ...] = ()
    note: str = ""

    def __bool__(self) -> bool:
        return bool(self.tags or self.note)

    @classmethod
    def of(cls, value: Any) -> "Judgement":
        """Accept a Judgement, a mapping {"tags": [...], "note": "..."}, a list of tags or a note."""
        if value is None:
            return cls()
        if isinstance(value, Judgement):
            return value
        if isinstance(value, str):
            return cls(note=clean(value))
        if isinstance(value, Mapping):
            tags = value.get("tags") or ()
            if isinstance(tags, str):
                tags = (tags,)
            return cls(tuple(clean(str(t)) for t in tags), clean(str(value.get("note") or "")))
        return cls(tags=tuple(clean(str(t)) for t in value))

    def merged(self, other: "Judgement") -> "Judgement":
        tags = tuple(dict.fromkeys(self.tags + other.tags))
        notes = [n for n in (self.note, other.note) if n]
        return Judgement(tags, "\n".join(dict.fromkeys(notes)))


Judgements = Mapping[str, Any]  # claim id or group id -> Judgement-like value


def group_id(group: Group) -> str:
    """A group's id for judgements and selections: its claim ids joined by '+', e.g. 'A1+B1'."""
    return "+".join(group.claims)


REVIEWED_TAG = "reviewed"


def judgements_from_library(comparison: Comparison, annotations: Iterable[Any] = (), reviewed: Iterable[Group] = ()) -> dict[str, Judgement]:
    """The library's annotations (objects with .claims, .tag, .note) and reviewed groups, keyed for a briefing.

    An annotation on one claim goes on that claim; one on several claims of one group goes on
    the group; one spanning groups goes on each of its claims. Orphaned annotations (no claims
    left after re-alignment) have nowhere to go in a briefing and are left out. Duck-typed, so
    that export does not import the store.
    """
    out: dict[str, Judgement] = {}

    def add(key: str, judgement: Judgement) -> None:
        out[key] = out.get(key, Judgement()).merged(judgement)

    known = {c.id for c in comparison.all_claims()}
    for annotation in annotations:
        claims = [c for c in annotation.claims if c in known]
        if not claims:
            continue
        judgement = Judgement.of({"tags": [annotation.tag] if annotation.tag else [], "note": annotation.note})
        groups = {group_id(comparison.group_of(c)) for c in claims}
        if len(claims) == 1:
            add(claims[0], judgement)
        elif len(groups) == 1:
            add(groups.pop(), judgement)
        else:
            for claim in claims:
                add(claim, judgement)
    for group in reviewed:
        add(group_id(group), Judgement((REVIEWED_TAG,)))
    return out


@dataclass(frozen=True)
class Piece:
    """A run of a claim's text; ``differs`` marks words its counterpart does not have."""

    text: str
    differs: bool = False


@dataclass(frozen=True)
class ClaimView:
    id: str
    account: int
    label: str  # the account's label
    text: str
    pieces: tuple[Piece, ...]
    judgement: Judgement = Judgement()
    state: str = ""  # the claim's state (core.reading.State value): "matched", "changed", ...
    related: tuple[str, ...] = ()  # claims of other accounts on the same topic (its related links)
    related_note: str = ""  # those links in words (core.explain.related_words): possible counterparts first

    @property
    def direction(self) -> str:
        return text_direction(self.text)


@dataclass(frozen=True)
class AccountSummary:
    label: str
    source: str
    date: str
    url: str
    language: str
    claims: int
    matched: int  # claims with an agreeing counterpart (same or different wording)
    omitted: int  # claims no other account has (related-only claims included)
    in_conflict: int
    words: int
    share: float  # percent of all the accounts' words
    leads_with: tuple[str, ...]  # the first claims, shortened: what the account chose to put first

    @property
    def web_link(self) -> str:
        """The account's address, only if it is a plain web address (never javascript: or file:)."""
        return self.url if re.match(r"(?i)^https?://[^\s\"'<>]+$", self.url or "") else ""


@dataclass(frozen=True)
class GroupRow:
    """One line of the side-by-side table: counterpart claims, one cell per account."""

    id: str
    relation: str  # the group's state (core.reading.State value): "matched", "changed", "conflict", "related", "omitted"
    score: float
    kinds: tuple[str, ...]
    cells: tuple[tuple[ClaimView, ...], ...]  # per account, possibly empty
    judgement: Judgement = Judgement()
    set_by: str = ""  # "set by the analyst (who)" when the analyst made one of the group's links: then no score is shown
    confidence: float | None = None  # the least sure of the group's engine links (the pair scorer's probability)

    @property
    def claims(self) -> tuple[ClaimView, ...]:
        return tuple(c for cell in self.cells for c in cell)

    @property
    def symbol(self) -> str:
        return RELATION_SYMBOL[self.relation]

    @property
    def word(self) -> str:
        return RELATION_WORD[self.relation]

    @property
    def colour(self) -> str:
        return RELATION_COLOUR[self.relation]

    @property
    def judgements(self) -> Judgement:
        """The group's judgement together with those made on its claims."""
        out = self.judgement
        for claim in self.claims:
            out = out.merged(claim.judgement)
        return out


@dataclass(frozen=True)
class OnlyIn:
    """An account's omissions: what it says and the others do not."""

    account: int
    label: str
    others: tuple[str, ...]
    claims: tuple[ClaimView, ...]  # no counterpart in any other account
    partly: tuple[tuple[ClaimView, tuple[str, ...]], ...] = ()  # missing from some accounts (3+ accounts)


@dataclass(frozen=True)
class ConflictEntry:
    claims: tuple[ClaimView, ClaimView]
    reasons: tuple[str, ...]
    score: float
    judgement: Judgement = Judgement()


@dataclass(frozen=True)
class Briefing:
    title: str
    event_date: str
    prepared: str
    matcher: str
    accounts: tuple[AccountSummary, ...]
    groups: tuple[GroupRow, ...]  # every group, in reading order (omissions included)
    only_in: tuple[OnlyIn, ...]
    conflicts: tuple[ConflictEntry, ...]
    notes: tuple[str, ...] = field(default=())  # the engine's warnings
    summary: tuple[Section, ...] = ()  # the written summary (core.summary), which opens every format
    coverage: Coverage | None = None  # the words each account gives each topic: the chart

    @cached_property
    def chart(self) -> Chart | None:
        """The coverage chart laid out (``coverage_chart.layout``), once per briefing: the HTML's
        SVG, the PDF's drawing and the Word document's picture are made from this one layout."""
        return chart_layout(self.coverage) if self.coverage is not None else None

    @property
    def aligned(self) -> tuple[GroupRow, ...]:
        """Groups with counterparts in two or more accounts: the side-by-side table."""
        return tuple(g for g in self.groups if len(g.claims) > 1)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(a.label for a in self.accounts)

    def select(self, ids: Iterable[str]) -> tuple[GroupRow, ...]:
        """The groups with these ids (or containing these claim ids), in briefing order."""
        wanted = set(ids)
        return tuple(g for g in self.groups if g.id in wanted or wanted.intersection(c.id for c in g.claims))

    @property
    def tagged(self) -> bool:
        return any(g.judgements for g in self.groups)


def build_briefing(
    comparison: Comparison,
    title: str = "",
    judgements: Judgements | None = None,
    prepared: _dt.date | str | None = None,
    event_date: str = "",
    reading: Reading | None = None,
    written: bool = True,
) -> Briefing:
    """Everything a briefing says about a comparison, ready for any writer.

    Relations, omissions and totals are the comparison's ``Reading`` (the one model the window
    reads too), passed in when the caller has it. ``written=False`` leaves the written summary
    and the chart out (the CSV, one row per group, has neither)."""
    judgements = judgements or {}
    reading = reading if reading is not None and reading.comparison is comparison else Reading(comparison)
    accounts = comparison.accounts
    labels = account_labels(comparison)

    def judged(key: str) -> Judgement:
        return Judgement.of(judgements.get(key))

    spans = _wording_spans(comparison)

    def view(claim: Claim) -> ClaimView:
        related = tuple(comparison.partner(ln, claim.id).id for ln in comparison.links_of(claim.id) if ln.relation is Relation.RELATED)
        return ClaimView(
            claim.id, claim.account, labels[claim.account], clean(claim.text),
            _pieces(claim, spans.get(claim.id, ())), judged(claim.id), reading.state(claim.id).value, related,
            related_words(comparison, claim.id) if related else "",
        )

    views = {c.id: view(c) for c in comparison.all_claims()}

    rows = []
    for g, group in enumerate(reading.groups):
        cells: list[list[ClaimView]] = [[] for _ in accounts]
        for cid in group.claims:
            cells[views[cid].account].append(views[cid])
        inner = [ln for c in group.claims for ln in comparison.links_of(c) if ln.claims[0] == c and ln.relation.is_counterpart]
        by_analyst = next((set_by(ln) for ln in inner if ln.by_analyst), "")
        sureness = [ln.confidence for ln in inner if ln.confidence is not None]
        rows.append(GroupRow(group_id(group), reading.group_states[g].value, group.score, group.kinds,
                             tuple(map(tuple, cells)), judged(group_id(group)), by_analyst,
                             min(sureness) if sureness else None))

    only_in = []
    for k in range(len(accounts)):
        others = tuple(labels[o] for o in range(len(accounts)) if o != k)
        omitted = reading.omissions(k)
        partly = []
        if len(accounts) > 2:
            # With three or more accounts a claim can have a counterpart in one account and none in
            # another: the reading's direct links say which (as in the window and the report).
            gone = {c.id for c in omitted}
            for claim in comparison.claims[k]:
                missing = tuple(labels[o] for o in reading.missing_from(claim.id))
                if claim.id not in gone and missing:
                    partly.append((views[claim.id], missing))
        only_in.append(OnlyIn(k, labels[k], others, tuple(views[c.id] for c in omitted), tuple(partly)))

    conflicts = []
    for link in comparison.conflicts():
        a, b = sorted((views[c] for c in link.claims), key=lambda v: v.account)
        reasons = tuple(clean(r) for r in why_conflict(link))
        group = comparison.group_of(link.claims[0])
        judgement = judged("+".join(link.claims)).merged(judged(group_id(group)))
        conflicts.append(ConflictEntry((a, b), reasons or ("the engine found the two claims incompatible",), link.score, judgement))

    total_words = sum(a.words for a in accounts) or 1
    summaries = []
    for k, account in enumerate(accounts):
        totals = reading.summary(k)
        summaries.append(AccountSummary(
            label=labels[k], source=clean(account.source), date=clean(account.date), url=clean(account.url),
            language=clean(account.language), claims=totals.claims, matched=totals.matched,
            omitted=totals.only_here, in_conflict=totals.conflicts, words=account.words,
            share=round(100.0 * account.words / total_words, 1),
            leads_with=tuple(_shorten(clean(c.text)) for c in comparison.claims[k][:LEAD_CLAIMS]),
        ))

    sections: tuple[Section, ...] = ()
    chart = None
    if written:
        summary = summarize(reading)
        sections = tuple(Section(clean(s.title), tuple(clean(x) for x in s.sentences)) for s in summary.sections)
        drawn = summary.coverage
        chart = Coverage(labels, tuple(Topic(t.group, t.id, clean(t.label), t.state, t.words) for t in drawn.topics), drawn.total)

    if isinstance(prepared, _dt.date):
        prepared = prepared.isoformat()
    return Briefing(
        title=briefing_title(comparison, title),
        event_date=clean(event_date) or _event_date(accounts),
        prepared=prepared or _dt.date.today().isoformat(),
        matcher=comparison.matcher,
        accounts=tuple(summaries),
        groups=tuple(rows),
        only_in=tuple(only_in),
        conflicts=tuple(conflicts),
        notes=tuple(clean(n) for n in comparison.notes),
        summary=sections,
        coverage=chart,
    )


def account_labels(comparison: Comparison) -> tuple[str, ...]:
    """Each account's label as a briefing shows it ("Account 2" for one without a label)."""
    return tuple(clean(a.label) or f"Account {k + 1}" for k, a in enumerate(comparison.accounts))


def briefing_title(comparison: Comparison, title: str = "") -> str:
    """The briefing's title: the one given, or the accounts it compares."""
    return clean(title) or default_title(account_labels(comparison))


def default_title(labels: Iterable[str]) -> str:
    labels = list(labels)
    names = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else "".join(labels)
    return f"Accounts compared: {names}"


def _event_date(accounts) -> str:
    dates = list(dict.fromkeys(clean(a.date) for a in accounts if a.date))
    return " / ".join(dates)


def _shorten(text: str, words: int = LEAD_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _wording_spans(comparison: Comparison) -> dict[str, list[tuple[int, int]]]:
    """Per claim, the account-offset spans of words that a counterpart does not have."""
    out: dict[str, list[tuple[int, int]]] = {}
    for link in comparison.links:
        if link.relation.is_counterpart:
            for span in link.wording:
                out.setdefault(span.claim, []).append((span.start, span.end))
    return out


def _pieces(claim: Claim, spans: Iterable[tuple[int, int]]) -> tuple[Piece, ...]:
    """The claim's text cut into runs, differing or not; overlapping spans (several links) merged."""
    text = claim.text
    marked: list[list[int]] = []  # the differing runs, in the claim's own offsets, merged
    for start, end in sorted((max(0, s - claim.start), min(len(text), e - claim.start)) for s, e in spans):
        if start >= end:
            continue
        if marked and start <= marked[-1][1]:
            marked[-1][1] = max(marked[-1][1], end)
        else:
            marked.append([start, end])
    runs: list[tuple[int, int, bool]] = []
    at = 0
    for start, end in marked:
        if start > at:
            runs.append((at, start, False))
        runs.append((start, end, True))
        at = end
    if at < len(text):
        runs.append((at, len(text), False))
    pieces = (Piece(clean(text[start:end]), differs) for start, end, differs in runs)
    return tuple(piece for piece in pieces if piece.text)
