"""The comparison's vocabulary: accounts, claims, links, groups and the comparison itself.

Standard library only (no Qt, no SQLAlchemy): every view, export and store reads
these frozen types, so they are the one contract between the engine and the rest.

Offsets (``start``/``end``) are Python string indices into ``Account.text``, the
account's text after any metadata header was removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Iterable

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Relation(str, Enum):
    """How two claims from different accounts relate."""

    MATCH = "match"  # the same assertion; wording or strength may differ
    CONFLICT = "conflict"  # the same point, incompatible assertions
    RELATED = "related"  # the same topic, a different assertion

    @property
    def is_counterpart(self) -> bool:
        # A claim with no counterpart in another account is an omission there.
        return self is not Relation.RELATED


@dataclass(frozen=True)
class Account:
    """One official account of an event: its text and where it came from."""

    label: str
    text: str
    source: str = ""
    date: str = ""
    language: str = ""
    url: str = ""
    path: str = ""  # the file it was read from, if any

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Claim:
    """One assertion of an account, with its exact span in the account's text."""

    id: str  # unique within a comparison: account letter + position, e.g. "B4"
    account: int  # index into Comparison.accounts
    index: int  # position among the account's claims
    start: int
    end: int
    text: str
    sentence: int = 0  # claims cut from one sentence share this number
    speaker: str = ""  # who the account says made the assertion ("Rouhani", "the two presidents")
    verb: str = ""  # the reporting verb ("said", "urged", "agreed")


@dataclass(frozen=True)
class WordingSpan:
    """Words of one claim that its counterpart does not have (offsets into the account's text)."""

    claim: str
    start: int
    end: int


@dataclass(frozen=True)
class Reason:
    """Why a link exists, or why it is a conflict, as data; views put it in words (``core.explain``).

    Kinds: ``contradiction`` (``text``: what the contradiction rules found, "duration differs:
    3 hours vs 90 minutes"), ``speakers`` (``values``: the two speakers, who take different
    positions), ``shared_terms`` (``values``: the terms both claims use, as the vocabulary names
    them), ``glossary`` (``values``: glossary groups both mention), ``similarity`` (``score``),
    ``scorer`` (``score``: the pair scorer's calibrated probability that the relation is right:
    the link's confidence), ``possible_counterpart`` (``score``: on a related link, the chance the
    claims are counterparts, too low to link them as such but enough that the claim's omission
    should be checked against this one; such a link's confidence is the chance they speak to one
    subject at all), ``analyst`` (``values``: who set the link, if known), ``note`` (``text``: anything else,
    e.g. a reason stored by an older version).
    """

    kind: str
    values: tuple[str, ...] = ()
    score: float | None = None
    text: str = ""

    def to_data(self) -> dict:
        data: dict = {"kind": self.kind}
        if self.values:
            data["values"] = list(self.values)
        if self.score is not None:
            data["score"] = self.score
        if self.text:
            data["text"] = self.text
        return data

    @classmethod
    def from_data(cls, data) -> "Reason":
        """From ``to_data``'s shape, or from a plain string (what versions before 0.2 stored)."""
        if isinstance(data, Reason):
            return data
        if isinstance(data, str):
            return _legacy_reason(data)
        score = data.get("score")
        return cls(str(data.get("kind", "note")), tuple(str(v) for v in data.get("values", ())),
                   None if score is None else float(score), str(data.get("text", "")))

    @property
    def explains_conflict(self) -> bool:
        """A reason that says why the claims cannot both be right (or take different positions)."""
        return self.kind in ("contradiction", "speakers", "note")


def _legacy_reason(text: str) -> Reason:
    """A reason as versions before 0.2 stored it: one string ("shared terms: a, b", ...)."""
    import re

    if text == "set by the analyst":
        return Reason("analyst")
    for prefix, kind in (("shared terms:", "shared_terms"), ("glossary:", "glossary")):
        if text.startswith(prefix):
            return Reason(kind, tuple(v.strip() for v in text[len(prefix):].split(",") if v.strip()))
    found = re.fullmatch(r"similarity ([0-9.]+)", text.strip())
    if found:
        return Reason("similarity", score=float(found.group(1)))
    found = re.fullmatch(r"different speakers \((.*) / (.*)\) take different positions", text)
    if found:
        return Reason("speakers", (found.group(1), found.group(2)))
    return Reason("contradiction", text=text)


@dataclass(frozen=True)
class Link:
    """A relation between two claims of different accounts, found by the engine or set by the analyst."""

    claims: tuple[str, str]
    relation: Relation
    score: float  # in [0, 1]
    kinds: tuple[str, ...] = ()  # difference kinds (see core.kinds): "wording", "commitment", ...
    reasons: tuple[Reason, ...] = ()  # why the link exists / why it is a conflict, as data
    wording: tuple[WordingSpan, ...] = ()  # the words that differ, on both claims
    by_analyst: bool = False

    @property
    def confidence(self) -> float | None:
        """How sure the engine is of this link's relation: the pair scorer's calibrated probability
        (None for a link the analyst set, or one stored before the scorer existed)."""
        if self.by_analyst:
            return None
        return next((r.score for r in self.reasons if r.kind == "scorer"), None)


@dataclass(frozen=True)
class Group:
    """Claims that are counterparts of each other across accounts (a connected set of match/conflict links).

    A group with one claim is an omission: no other account has a counterpart.
    """

    claims: tuple[str, ...]
    relation: Relation | None  # CONFLICT if any link conflicts, MATCH otherwise, None for a lone claim
    score: float
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Accounts cut into claims, and the links between claims of different accounts."""

    accounts: tuple[Account, ...]
    claims: tuple[tuple[Claim, ...], ...]  # per account, in text order
    links: tuple[Link, ...]
    matcher: str = ""  # which similarity backend produced the links
    notes: tuple[str, ...] = field(default=())  # warnings worth showing the analyst

    # -- lookups ---------------------------------------------------------------------------------
    @cached_property
    def _by_id(self) -> dict[str, Claim]:
        return {c.id: c for claims in self.claims for c in claims}

    @cached_property
    def _links_of(self) -> dict[str, list[Link]]:
        index: dict[str, list[Link]] = {c: [] for c in self._by_id}
        for link in self.links:
            for cid in link.claims:
                index.setdefault(cid, []).append(link)
        return index

    def claim(self, claim_id: str) -> Claim:
        return self._by_id[claim_id]

    def all_claims(self) -> Iterable[Claim]:
        for claims in self.claims:
            yield from claims

    def links_of(self, claim_id: str) -> list[Link]:
        return self._links_of.get(claim_id, [])

    def partner(self, link: Link, claim_id: str) -> Claim:
        a, b = link.claims
        return self.claim(b if a == claim_id else a)

    def link_between(self, a: str, b: str) -> Link | None:
        for link in self.links_of(a):
            if b in link.claims:
                return link
        return None

    # -- the analyst's questions -------------------------------------------------------------------
    def counterparts(self, claim_id: str, account: int | None = None) -> list[Claim]:
        """Claims linked to this one by match or conflict, optionally only those of one account."""
        out = []
        for link in self.links_of(claim_id):
            if link.relation.is_counterpart:
                other = self.partner(link, claim_id)
                if account is None or other.account == account:
                    out.append(other)
        return out

    def is_omitted(self, claim_id: str, other_account: int) -> bool:
        """True when the other account has no counterpart for this claim."""
        return not self.counterparts(claim_id, other_account)

    def omissions(self, account: int, other_account: int | None = None) -> list[Claim]:
        """Claims of ``account`` with no counterpart in ``other_account`` (or in every other account)."""
        others = [k for k in range(len(self.accounts)) if k != account]
        if other_account is not None:
            others = [other_account]
        return [c for c in self.claims[account] if all(self.is_omitted(c.id, k) for k in others)]

    def conflicts(self) -> list[Link]:
        return [link for link in self.links if link.relation is Relation.CONFLICT]

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """Connected sets of counterparts, in the order of each set's earliest claim (first account first)."""
        parent: dict[str, str] = {c.id: c.id for c in self.all_claims()}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for link in self.links:
            if link.relation.is_counterpart:
                a, b = (find(c) for c in link.claims)
                if a != b:
                    parent[b] = a
        members: dict[str, list[Claim]] = {}
        for claim in self.all_claims():
            members.setdefault(find(claim.id), []).append(claim)
        groups = []
        for claims in members.values():
            claims.sort(key=lambda c: (c.account, c.index))
            # Each counterpart link belongs to the group of its first claim: collect it once from there.
            inner = [ln for c in claims for ln in self.links_of(c.id) if ln.relation.is_counterpart and ln.claims[0] == c.id]
            relation = None
            if inner:
                relation = Relation.CONFLICT if any(ln.relation is Relation.CONFLICT for ln in inner) else Relation.MATCH
            kinds: list[str] = []
            for ln in inner:
                kinds.extend(k for k in ln.kinds if k not in kinds)
            score = max((ln.score for ln in inner), default=0.0)
            groups.append(Group(tuple(c.id for c in claims), relation, score, tuple(kinds)))
        # Order groups so that reading down the list follows the first account, then the others.
        groups.sort(key=lambda g: (self.claim(g.claims[0]).account, self.claim(g.claims[0]).index))
        return tuple(groups)

    @cached_property
    def _group_index(self) -> dict[str, Group]:
        return {cid: group for group in self.groups for cid in group.claims}

    def group_of(self, claim_id: str) -> Group:
        return self._group_index[claim_id]


def claim_id(account: int, index: int) -> str:
    """Readable, unique claim ids: A1, A2, ... for the first account; AA1 past the 26th account."""
    letters = LETTERS[account] if account < len(LETTERS) else f"{LETTERS[account // 26 - 1]}{LETTERS[account % 26]}"
    return f"{letters}{index + 1}"
