"""The comparison as every view reads it: each claim's relation to each other account, the
groups, the omissions per pair of accounts and the totals, worked out once per comparison.

The window (panes, link map, overview strips, claims table, summary strips), the terminal
report and every briefing format read this one ``Reading``, so they cannot disagree about a
claim. The rules, in one place:

- A claim's relation to another account comes from its *direct* links to claims of that
  account (the convention of the gold links): a ``conflict`` link makes it CONFLICT there; a
  ``match`` link makes it MATCHED, or CHANGED when the two claims are worded differently (a
  property of the link, so both ends read the same); a ``related`` link alone makes it RELATED
  (the topic is there, the assertion is not); nothing makes it OMITTED there.
- A claim's overall state is its strongest relation to any other account, in the order
  CONFLICT, CHANGED, MATCHED, RELATED, OMITTED; ``missing_from`` names the accounts where it
  has no counterpart.
- Groups are connected sets of counterparts (``Comparison.groups``); a group's state is the
  strongest state among its claims.

Standard library only. Navigation ("next difference", "next conflict", "next omission", "next
unreviewed") is a binary search in a precomputed tuple of groups per kind, so it costs nothing
however long the accounts are (Meld keeps a similar chunk cache). What is left to review, least
sure first, is ``review`` (``core.review``).
"""

from __future__ import annotations

from collections.abc import Mapping
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from .explain import related_words
from .model import Claim, Comparison, Group, Link, Relation, WordingSpan
from .review import Review


class State(str, Enum):
    """A claim's relation to the other accounts, as the analyst reads it."""

    MATCHED = "matched"
    CHANGED = "changed"  # matched, but worded differently
    CONFLICT = "conflict"
    RELATED = "related"  # same topic elsewhere, but no counterpart for the assertion itself
    OMITTED = "omitted"  # no counterpart in any other account

    @property
    def is_difference(self) -> bool:
        return self is not State.MATCHED


# Strongest first: a claim's overall state, and a group's, is the first of these it has.
STRENGTH = (State.CONFLICT, State.CHANGED, State.MATCHED, State.RELATED, State.OMITTED)


def _strongest(states) -> State:
    found = set(states)
    return next((s for s in STRENGTH if s in found), State.OMITTED)


def link_state(link: Link) -> State:
    """What one link says about both of its claims: the same from either end."""
    if link.relation is Relation.CONFLICT:
        return State.CONFLICT
    if link.relation is Relation.MATCH:
        return State.CHANGED if link.wording else State.MATCHED
    return State.RELATED


@dataclass(frozen=True)
class Gap:
    """Claims of another account that this account does not report, placed where they would fall:
    after the counterpart of the last claim before them that both accounts report."""

    after: str | None  # claim of this account the gap follows (None: before its first claim)
    source: int  # the account that reports the claims
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """One account's share of the comparison, for the summary strip."""

    claims: int
    matched: int  # claims with an agreeing counterpart elsewhere (same or different wording)
    only_here: int  # claims no other account makes
    conflicts: int  # claims in a conflicting group
    left_out: int  # claims of other accounts with no counterpart in this one
    words: int


# What the analyst can step through, one kind at a time (``Reading.groups_of_kind``).
KINDS = ("difference", "conflict", "omission", "unreviewed")


class WordingByClaim(Mapping):
    """Claim id -> the spans of its words its counterparts do not have (claims with none are absent).

    Worked out per claim when asked (the window asks for the claims it paints), so a long
    comparison's word diffs are not all made when it is read (core.wording.LazyWording)."""

    def __init__(self, comparison: Comparison):
        self._comparison = comparison
        self._found: dict[str, list[WordingSpan]] = {}

    def __getitem__(self, claim_id: str) -> list[WordingSpan]:
        found = self._found.get(claim_id)
        if found is None:
            found = [span for link in self._comparison.links_of(claim_id) if link.relation.is_counterpart
                     for span in link.wording if span.claim == claim_id]
            self._found[claim_id] = found
        if not found:
            raise KeyError(claim_id)
        return found

    def __iter__(self):
        return (c.id for c in self._comparison.all_claims() if c.id in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Reading:
    """Per-claim states, captions, group lookups and the difference order of one comparison."""

    engine: Comparison | None = None  # the engine's own comparison, when judgements changed it (a stored event)
    reviewed_claims: set[str] = frozenset()  # claims the analyst marked reviewed (a stored event)

    def __init__(self, comparison: Comparison):
        self.comparison = comparison
        self.groups: tuple[Group, ...] = comparison.groups
        self.group_index: dict[str, int] = {}
        for g, group in enumerate(self.groups):
            for cid in group.claims:
                self.group_index[cid] = g
        self.wording: Mapping[str, list[WordingSpan]] = WordingByClaim(comparison)
        n = len(comparison.accounts)
        # relations[claim id][k]: the claim's relation to account k (None for its own account)
        self.relations: dict[str, tuple[State | None, ...]] = {
            c.id: tuple(None if k == c.account else self._relation(c.id, k) for k in range(n)) for c in comparison.all_claims()
        }
        self.states: dict[str, State] = {cid: _strongest(r for r in rel if r is not None) for cid, rel in self.relations.items()}
        self.group_states: tuple[State, ...] = tuple(self._group_state(g) for g in self.groups)
        # Differences in reading order: the order of groups (first account first, then the others).
        self.differences: tuple[int, ...] = tuple(g for g, s in enumerate(self.group_states) if s.is_difference)
        self.conflicts: tuple[int, ...] = tuple(g for g, s in enumerate(self.group_states) if s is State.CONFLICT)
        self.omission_groups: tuple[int, ...] = tuple(g for g, s in enumerate(self.group_states) if s in (State.OMITTED, State.RELATED))
        # Built here, on the worker thread, so that showing a long comparison stays quick.
        self.captions: dict[str, str] = {c.id: self._caption(c.id) for c in comparison.all_claims()}
        self.summaries: tuple[Summary, ...] = tuple(self._summary(k) for k in range(n))
        self.gaps: tuple[tuple[Gap, ...], ...] = tuple(self._gaps(k) for k in range(n))

    # -- states ------------------------------------------------------------------------------------
    def _relation(self, claim_id: str, account: int) -> State:
        comparison = self.comparison
        found = State.OMITTED
        for link in comparison.links_of(claim_id):
            if comparison.partner(link, claim_id).account != account:
                continue
            found = _strongest((found, link_state(link)))
        return found

    def relation_to(self, claim_id: str, account: int) -> State | None:
        """The claim's relation to one other account (None for the claim's own account)."""
        return self.relations[claim_id][account]

    def _group_state(self, group: Group) -> State:
        return _strongest(self.states[c] for c in group.claims)

    def state(self, claim_id: str) -> State:
        return self.states[claim_id]

    def group_of(self, claim_id: str) -> int:
        return self.group_index[claim_id]

    def missing_from(self, claim_id: str) -> list[int]:
        """Accounts (indices) that have no counterpart for this claim: it is an omission there."""
        return [k for k, r in enumerate(self.relations[claim_id]) if r in (State.OMITTED, State.RELATED)]

    def omissions(self, account: int, other: int | None = None) -> list[Claim]:
        """Claims of ``account`` with no counterpart in ``other`` (or in any other account)."""
        claims = self.comparison.claims[account]
        if other is not None:
            return [c for c in claims if self.relations[c.id][other] in (State.OMITTED, State.RELATED)]
        return [c for c in claims if self.states[c.id] in (State.OMITTED, State.RELATED)]

    def caption(self, claim_id: str) -> str:
        return self.captions[claim_id]

    def _caption(self, claim_id: str) -> str:
        """The plain-words note under a claim: where it is missing, what it conflicts with."""
        comparison = self.comparison
        claim = comparison.claim(claim_id)
        state = self.states[claim_id]
        labels = [a.label for a in comparison.accounts]
        if state in (State.OMITTED, State.RELATED):
            text = f"only in the {labels[claim.account]} account"
            absent = self.missing_from(claim_id)
            if absent:
                text += " — left out by " + ", ".join(labels[k] for k in absent)
            if state is State.RELATED:
                text += f"; {related_words(comparison, claim_id)}"
            return text
        others = [c.id for c in comparison.counterparts(claim_id)]
        verb = {State.CONFLICT: "conflicts with", State.CHANGED: "worded differently in", State.MATCHED: "matches"}[state]
        text = f"{verb} {', '.join(others)}"
        missing = self.missing_from(claim_id)
        if missing:
            text += "; not in " + ", ".join(labels[k] for k in missing)
        return text

    def reasons(self, claim_id: str) -> list[str]:
        out: list[str] = []
        for link in self.comparison.links_of(claim_id):
            out.extend(r for r in link.reasons if r not in out)
        return out

    # -- the analyst's totals ----------------------------------------------------------------------
    def summary(self, account: int) -> Summary:
        return self.summaries[account]

    def _summary(self, account: int) -> Summary:
        comparison = self.comparison
        claims = comparison.claims[account]
        states = [self.states[c.id] for c in claims]
        left_out = 0
        for other, other_claims in enumerate(comparison.claims):
            if other != account:
                left_out += sum(1 for c in other_claims if account in self.missing_from(c.id))
        return Summary(
            claims=len(claims),
            matched=sum(1 for s in states if s in (State.MATCHED, State.CHANGED)),
            only_here=sum(1 for s in states if s in (State.OMITTED, State.RELATED)),
            conflicts=sum(1 for s in states if s is State.CONFLICT),
            left_out=left_out,
            words=comparison.accounts[account].words,
        )

    def _gaps(self, account: int) -> tuple[Gap, ...]:
        comparison = self.comparison
        out: list[Gap] = []
        for source, claims in enumerate(comparison.claims):
            if source == account:
                continue
            anchor: str | None = None
            run: list[str] = []
            for claim in claims:
                here = comparison.counterparts(claim.id, account)
                if here:
                    if run:
                        out.append(Gap(anchor, source, tuple(run)))
                        run = []
                    anchor = max(here, key=lambda c: c.index).id
                elif account in self.missing_from(claim.id):
                    run.append(claim.id)
            if run:
                out.append(Gap(anchor, source, tuple(run)))
        order = {c.id: c.index for c in comparison.claims[account]}
        out.sort(key=lambda g: (-1 if g.after is None else order[g.after], g.source))
        return tuple(out)

    # -- review ------------------------------------------------------------------------------------
    @cached_property
    def review(self) -> Review:
        """The links still to review and the groups they leave, least sure first, and the totals."""
        return Review(self.comparison, self.engine, self.reviewed_claims)

    # -- navigation ----------------------------------------------------------------------------------
    def groups_of_kind(self, kind: str) -> tuple[int, ...]:
        """The groups of one kind (see ``KINDS``), in reading order."""
        if kind == "difference":
            return self.differences
        if kind == "conflict":
            return self.conflicts
        if kind == "omission":
            return self.omission_groups
        if kind == "unreviewed":
            return self.review.unreviewed
        raise ValueError(f"no such kind of group: {kind!r} (one of {', '.join(KINDS)})")

    def next_of_kind(self, kind: str, current: int | None, step: int = 1) -> int | None:
        """The next (step=1) or previous (step=-1) group of ``kind`` after group ``current``
        (None: the first, or the last); None when there is no more in that direction."""
        groups = self.groups_of_kind(kind)
        if not groups:
            return None
        if current is None:
            return groups[0] if step > 0 else groups[-1]
        if step > 0:
            i = bisect_right(groups, current)
            return groups[i] if i < len(groups) else None
        i = bisect_left(groups, current)
        return groups[i - 1] if i > 0 else None

    def first_of_kind(self, kind: str) -> int | None:
        groups = self.groups_of_kind(kind)
        return groups[0] if groups else None

    def last_of_kind(self, kind: str) -> int | None:
        groups = self.groups_of_kind(kind)
        return groups[-1] if groups else None

    def next_difference(self, current: int | None, step: int = 1) -> int | None:
        """The group of the next (step=1) or previous (step=-1) difference after group ``current``."""
        return self.next_of_kind("difference", current, step)
