"""The analyst's judgements as plain values, and how they change the engine's comparison.

Pure Python on the core's types (no SQLAlchemy): the repository reads rows into these, and the
window's undo commands can use them too.

A judgement is remembered by *anchors*: each claim's account, text and position when the
judgement was made. After re-alignment the anchors are re-attached to the new claims by text
(``reattach``); a judgement whose claims cannot be found is orphaned — kept and listed, never
applied to the wrong claim and never silently dropped.

The analyst's own claim boundaries are judgements too: a *split* remembers the two pieces a claim
was cut into (anchors: the text before the cut, the text after), a *merge* the two neighbouring
claims joined (anchors: each claim's text). They do not change links here: ``boundaries`` finds
them again in the accounts' text and turns them into the engine's cuts and joins
(``core.boundaries``), which ``compare`` applies when the event is aligned. A split or merge whose
text is no longer in its account (the account was corrected) is orphaned like any other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable, Sequence

from ..core.boundaries import Boundary
from ..core.kinds import difference_kinds
from ..core.model import Account, Claim, Comparison, Group, Link, Reason, Relation, WordingSpan
from ..core.people import identify, relation as speakers_relation
from ..core.wording import word_diff

LINK, UNLINK, RELATION, REVIEWED = "link", "unlink", "relation", "reviewed"
SPLIT, MERGE = "split", "merge"
PAIR_KINDS = (LINK, UNLINK, RELATION)  # judgements on a pair of claims: both must be found
BOUNDARY_KINDS = (SPLIT, MERGE)  # judgements on where claims begin and end
KINDS = (LINK, UNLINK, RELATION, REVIEWED, SPLIT, MERGE)


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def text_hash(text: str) -> str:
    """Hash of a text with case and spacing ignored: a claim re-cut with other whitespace still matches."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A claim a judgement was made on: where it was, what it said, and the claim it is attached to now."""

    account: int
    key: str  # the claim's id when the judgement was made
    text: str
    start: int
    claim: str | None = None  # the claim's id now; None when no claim has this text any more

    @classmethod
    def of(cls, claim: Claim) -> Anchor:
        return cls(claim.account, claim.id, claim.text, claim.start, claim.id)


@dataclass(frozen=True)
class Judgement:
    id: int
    kind: str  # link, unlink, relation, reviewed, split, merge
    value: str  # the relation for link/relation; "yes"/"no" for reviewed; "" for split and merge
    anchors: tuple[Anchor, ...]
    author: str = ""
    created: datetime | None = None

    @property
    def claims(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.claim for a in self.anchors if a.claim))  # a merge's two anchors share one claim

    @property
    def orphaned(self) -> bool:
        if self.kind in PAIR_KINDS:
            return any(a.claim is None for a in self.anchors)
        if self.kind in BOUNDARY_KINDS:
            # In effect only when the alignment shows it: a split's pieces are two claims, a merge's one.
            attached = [a.claim for a in self.anchors]
            if len(attached) != 2 or None in attached:
                return True
            return (attached[0] == attached[1]) == (self.kind == SPLIT)
        return not self.claims

    def describe(self) -> str:
        if self.kind == SPLIT:
            return f"split {self.anchors[0].key} after “{_last_words(self.anchors[0].text)}”"
        if self.kind == MERGE:
            return "merged " + " + ".join(a.key for a in self.anchors)
        keys = " + ".join(a.claim or f"{a.key} (gone)" for a in self.anchors)
        if self.kind == REVIEWED:
            return f"{'reviewed' if self.value == 'yes' else 'not reviewed'}: {keys}"
        if self.kind == UNLINK:
            return f"unlinked {keys}"
        return f"{self.value} {keys}"


@dataclass(frozen=True)
class Annotation:
    id: int
    anchors: tuple[Anchor, ...]
    tag: str = ""
    note: str = ""
    author: str = ""
    created: datetime | None = None
    changed: datetime | None = None

    @property
    def claims(self) -> tuple[str, ...]:
        return tuple(a.claim for a in self.anchors if a.claim)

    @property
    def orphaned(self) -> bool:
        return not self.claims


def _last_words(text: str) -> str:
    """The end of a split's first piece, enough to see where the cut is: “Tehran,” or “in May.”"""
    words = text.split()
    tail = words[-1:] if words and len(words[-1]) >= 6 else words[-2:]
    return " ".join(tail)


def reattach(anchor: Anchor, claims: Sequence[Sequence[Claim]]) -> Claim | None:
    """The claim an anchor now refers to: same account, same text (nearest the old place), else None.

    If the engine now cuts the account differently, a claim that contains the anchor's text
    (or is contained in it) is taken, so a split or merged sentence keeps its judgement. A short
    text (a few words) is taken inside a longer claim only where it was: the claim must cover the
    anchor's old place (two short claims merged by the analyst).
    """
    if not 0 <= anchor.account < len(claims):
        return None
    wanted = normalise(anchor.text)
    candidates = [c for c in claims[anchor.account] if normalise(c.text) == wanted]
    if not candidates and len(wanted) >= 12:
        candidates = [c for c in claims[anchor.account] if wanted in normalise(c.text) or (len(normalise(c.text)) >= 12 and normalise(c.text) in wanted)]
    if not candidates and wanted:
        candidates = [c for c in claims[anchor.account] if c.start <= anchor.start < c.end and wanted in normalise(c.text)]
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs(c.start - anchor.start))


def analyst_link(comparison: Comparison, a: str, b: str, relation: Relation, old: Link | None = None, author: str = "") -> Link:
    """The link the analyst set between two claims, keeping what the engine knew about the pair."""
    first, second = sorted((comparison.claim(a), comparison.claim(b)), key=lambda c: (c.account, c.index))
    wording: tuple[WordingSpan, ...] = old.wording if old else ()
    kinds: tuple[str, ...] = tuple(k for k in (old.kinds if old else ()) if k != "conflict")
    if relation.is_counterpart and not wording:
        diff = word_diff(first.text, second.text)
        wording = tuple(WordingSpan(first.id, first.start + s, first.start + e) for s, e in diff.removed) + tuple(
            WordingSpan(second.id, second.start + s, second.start + e) for s, e in diff.added
        )
    if relation.is_counterpart and not kinds:
        who = [identify(comparison.claims[c.account])[c.index] for c in (first, second)]
        kinds = difference_kinds(first, second, has_wording=bool(wording), speakers=speakers_relation(*who))
    if relation is Relation.CONFLICT:
        kinds = ("conflict",) + tuple(k for k in kinds if k != "conflict")
    if not relation.is_counterpart:
        kinds, wording = (), ()
    # The engine's own confidence does not stand for the analyst's decision: it is dropped.
    kept = tuple(r for r in (old.reasons if old else ()) if r.kind not in ("analyst", "scorer"))
    reasons = (Reason("analyst", (author,) if author else ()),) + kept
    return Link((first.id, second.id), relation, old.score if old else 1.0, kinds, reasons, wording, by_analyst=True)


def apply(comparison: Comparison, judgements: Iterable[Judgement]) -> Comparison:
    """The comparison as the analyst left it: link, unlink and relation judgements applied in order."""
    links: dict[frozenset[str], Link] = {frozenset(link.claims): link for link in comparison.links}
    ids = {c.id for c in comparison.all_claims()}
    changed = False
    for judgement in judgements:
        if judgement.kind not in PAIR_KINDS or judgement.orphaned:
            continue
        a, b = (anchor.claim for anchor in judgement.anchors[:2])
        if a not in ids or b not in ids or comparison.claim(a).account == comparison.claim(b).account:
            continue
        pair = frozenset((a, b))
        if judgement.kind == UNLINK:
            changed |= links.pop(pair, None) is not None
        else:
            links[pair] = analyst_link(comparison, a, b, Relation(judgement.value), links.get(pair), judgement.author)
            changed = True
    if not changed:
        return comparison
    ordered = sorted(links.values(), key=lambda ln: [(comparison.claim(c).account, comparison.claim(c).index) for c in ln.claims])
    return replace(comparison, links=tuple(ordered))


def reviewed_groups(comparison: Comparison, judgements: Iterable[Judgement]) -> list[Group]:
    """Groups the analyst marked reviewed (the latest mark on a group wins)."""
    state: dict[tuple[str, ...], bool] = {}
    for judgement in judgements:
        if judgement.kind != REVIEWED or judgement.orphaned:
            continue
        try:
            group = comparison.group_of(judgement.claims[0])
        except KeyError:
            continue
        state[group.claims] = judgement.value == "yes"
    return [g for g in comparison.groups if state.get(g.claims)]


def _pattern(text: str) -> str:
    # The text as written, with any run of spaces or line breaks taken as any other.
    return r"\s+".join(re.escape(word) for word in text.split())


def boundaries(accounts: Sequence[Account], judgements: Iterable[Judgement]) -> tuple[Boundary, ...]:
    """The analyst's splits and merges as the engine's cuts and joins in these accounts, in the order made.

    Each is found by its anchors' text: a split where its two pieces follow each other in the
    account, a merge where its two claims do (the occurrence nearest where it was made). One whose
    text is not there any more gives nothing: it is left out, and shows as orphaned once the event
    is aligned without it.
    """
    out: list[Boundary] = []
    for judgement in judgements:
        if judgement.kind not in BOUNDARY_KINDS or len(judgement.anchors) != 2:
            continue
        first, second = judgement.anchors
        if first.account != second.account or not 0 <= first.account < len(accounts):
            continue
        if not first.text.split() or not second.text.split():
            continue
        text = accounts[first.account].text
        found = list(re.finditer(f"({_pattern(first.text)})\\s*({_pattern(second.text)})", text, re.IGNORECASE))
        if not found:
            continue
        m = min(found, key=lambda m: abs(m.start() - first.start))
        if judgement.kind == SPLIT:
            out.append(Boundary.cut(first.account, m.start(2)))
        else:
            out.append(Boundary.join(first.account, m.start(1), m.end(2)))
    return tuple(out)
