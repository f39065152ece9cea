"""Scoring a comparison against gold links, as the shared evaluation script does.

* each claim of the comparison is assigned to the gold sentence of its account that
  holds most of its characters (a claim that overlaps no sentence is ignored);
* **counterpart**: unordered pairs of sentences from different accounts linked by
  ``match`` or ``conflict``;
* **omission**: (sentence, other account) pairs where the sentence has no counterpart
  in that other account;
* **topic**: pairs linked by any relation, ``related`` included;
* **conflict**: pairs linked by ``conflict``.

Beside the four measures, what an omission mark is worth to the analyst: the omissions shown
without a possible counterpart named (``plain_omission``: right or wrong; no recall), and the
possible counterparts named (``possible``: related links the engine offers as a claim's likely
counterpart; right when the gold links the two as counterparts).

Precision, recall and F1 are computed from true/false positives and false negatives
summed over cases (micro-averaged), and are 1.0 when there is nothing to find and
nothing was found. Standard library only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Iterable

from ..core.model import Claim, Comparison, Relation
from .samples import Sample, account_letter

MEASURES = ("counterpart", "omission", "topic", "conflict")
_COUNTERPART = frozenset({Relation.MATCH, Relation.CONFLICT})
_ANY = frozenset(Relation)
_CONFLICT = frozenset({Relation.CONFLICT})


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Pair = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    """One sample's (or the sum of several samples') counts for the four measures."""

    counterpart: Counts = Counts()
    omission: Counts = Counts()
    topic: Counts = Counts()
    conflict: Counts = Counts()
    misses: tuple[Pair, ...] = ()  # gold counterpart pairs the engine did not find
    false: tuple[Pair, ...] = ()  # counterpart pairs the engine found that the gold does not have
    seconds: tuple[float, ...] = field(default=())  # time taken by the engine, per sample, if measured
    plain_omission: Counts = Counts()  # omissions shown with no possible counterpart named (tp right, fp wrong)
    possible: Counts = Counts()  # possible counterparts named (tp: gold counterparts, fp: not)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.counterpart + other.counterpart,
            self.omission + other.omission,
            self.topic + other.topic,
            self.conflict + other.conflict,
            self.misses + other.misses,
            self.false + other.false,
            self.seconds + other.seconds,
            self.plain_omission + other.plain_omission,
            self.possible + other.possible,
        )

    def measure(self, name: str) -> Counts:
        if name not in MEASURES:
            raise KeyError(name)
        return getattr(self, name)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {"precision": c.precision, "recall": c.recall, "f1": c.f1}
            for name, c in ((n, self.measure(n)) for n in MEASURES)
        }


def sentence_of(claim: Claim, sample: Sample) -> str | None:
    """The gold sentence of the claim's account that holds most of the claim's characters."""
    best, best_overlap = None, 0
    for s in sample.sentences.values():
        if s.account != claim.account:
            continue
        overlap = min(s.end, claim.end) - max(s.start, claim.start)
        if overlap > best_overlap:
            best, best_overlap = s.id, overlap
    return best


def _pairs(links: Iterable[tuple[str, str, Relation]], relations: frozenset, account_of: dict[str, int]) -> set[Pair]:
    found = set()
    for a, b, relation in links:
        if relation not in relations:
            continue
        a, b = sorted((a, b))
        if account_of[a] != account_of[b]:
            found.add((a, b))
    return found


def _omitted(counterparts: set[Pair], sample: Sample) -> set[tuple[str, int]]:
    """(sentence, other account) for every sentence without a counterpart in that account."""
    has = set()
    for a, b in counterparts:
        has.add((a, sample.sentences[b].account))
        has.add((b, sample.sentences[a].account))
    n = len(sample.accounts)
    return {
        (sid, other)
        for sid, s in sample.sentences.items()
        for other in range(n)
        if other != s.account and (sid, other) not in has
    }


def _counts(gold: set, predicted: set) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def score(comparison: Comparison, sample: Sample, seconds: float | None = None) -> Scores:
    """Score a comparison of the sample's accounts against the sample's gold links."""
    if len(comparison.accounts) != len(sample.accounts):
        raise ValueError(
            f"{sample.name}: the comparison has {len(comparison.accounts)} accounts, the sample {len(sample.accounts)}"
        )
    for k, (got, want) in enumerate(zip(comparison.accounts, sample.accounts)):
        if got.text != want.text:
            raise ValueError(f"{sample.name}: account {account_letter(k)} of the comparison is not the sample's text")

    claim_sentence = {c.id: sentence_of(c, sample) for c in comparison.all_claims()}
    predicted: list[tuple[str, str, Relation]] = []
    offered: list[tuple[str, str, Relation]] = []  # possible counterparts
    for link in comparison.links:
        sentences = [claim_sentence.get(c) for c in link.claims]
        possible = any(r.kind == "possible_counterpart" for r in link.reasons)
        for x, y in itertools.combinations([s for s in sentences if s], 2):
            predicted.append((x, y, Relation(link.relation)))
            if possible:
                offered.append((x, y, Relation.RELATED))

    account_of = {sid: s.account for sid, s in sample.sentences.items()}
    gold_cp, pred_cp = _pairs(sample.links, _COUNTERPART, account_of), _pairs(predicted, _COUNTERPART, account_of)
    gold_any, pred_any = _pairs(sample.links, _ANY, account_of), _pairs(predicted, _ANY, account_of)
    gold_cf, pred_cf = _pairs(sample.links, _CONFLICT, account_of), _pairs(predicted, _CONFLICT, account_of)
    gold_om, pred_om = _omitted(gold_cp, sample), _omitted(pred_cp, sample)
    offered_pairs = _pairs(offered, _ANY, account_of)
    pointed = {(a, account_of[b]) for a, b in offered_pairs} | {(b, account_of[a]) for a, b in offered_pairs}
    plain = pred_om - pointed
    return Scores(
        counterpart=_counts(gold_cp, pred_cp),
        omission=_counts(gold_om, pred_om),
        topic=_counts(gold_any, pred_any),
        conflict=_counts(gold_cf, pred_cf),
        misses=tuple(sorted(gold_cp - pred_cp)),
        false=tuple(sorted(pred_cp - gold_cp)),
        seconds=() if seconds is None else (seconds,),
        plain_omission=Counts(len(plain & gold_om), len(plain - gold_om), 0),
        possible=Counts(len(offered_pairs & gold_cp), len(offered_pairs - gold_cp), 0),
    )


