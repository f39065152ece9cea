"""Aligning the claims of two or more accounts, whatever order each account tells them in.

For every pair of accounts a matcher gives a similarity matrix. A link is made between two
claims when their similarity clears a threshold *and* is close to the best either claim has in
the other account: this keeps links order-free (topics may be reordered), allows one claim to
link to several (a summary sentence against two detailed ones) when they are about equally
good, and keeps a claim from linking to everything that shares a name with it.

Relations: ``conflict`` when the contradiction rules fire on claims that speak to the same
point, ``match`` for the same assertion, ``related`` for the same topic only. Standard library
and numpy; the matcher is whatever implements ``similarity.Matcher``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

import numpy as np

from .conflicts import contradictions
from .facets import facet_pairs
from .kinds import difference_kinds
from .model import Claim, Link, Reason, Relation, WordingSpan
from .similarity import Matcher
from .terms import Analysed, Vocabulary, fold
from .wording import word_diff


@dataclass(frozen=True)
class Thresholds:
    """Similarity levels, tuned per matcher (a cosine of stems and a cosine of embeddings differ in scale)."""

    match: float = 0.20  # same assertion
    related: float = 0.14  # same topic
    conflict: float = 0.20  # same point, checked by the contradiction rules
    margin: float = 0.80  # a link must score at least this share of either claim's best
    distinct_speakers: float = 0.45  # below this, claims in different mouths must share a stance to match
    part_weight: float = 0.7  # how much an enumerated part's similarity counts for the whole claim


# The sentence that reports the event itself ("X spoke by telephone with Y") opens most readouts.
_EVENT = re.compile(
    r"\b(telephone|phone|call|talks|met|meeting|conversation|spoke|summit|visit|received|held|video ?conference|virtual)\b"
)
_COLLECTIVE = re.compile(r"\b(two|both|sides|leaders|presidents|ministers|parties|heads|they)\b")


def align(
    claims: Sequence[Sequence[Claim]],
    matcher: Matcher,
    vocabulary: Vocabulary,
    thresholds: Thresholds = Thresholds(),
) -> list[Link]:
    """Links between the claims of every pair of accounts (N accounts: all N·(N-1)/2 pairs)."""
    links: list[Link] = []
    for i, j in combinations(range(len(claims)), 2):
        left, right = claims[i], claims[j]
        if not left or not right:
            continue
        matrix = np.asarray(matcher.similarity([c.text for c in left], [c.text for c in right]), dtype=float)
        # A matcher may score enumerated parts more cheaply than whole claims (the semantic one
        # uses its lexical half there: the same quality, half the text to embed).
        part_matcher = getattr(matcher, "part_matcher", matcher)
        matrix = np.maximum(matrix, _part_similarity(left, right, part_matcher, thresholds.part_weight))
        links.extend(align_pair(left, right, matrix, vocabulary, thresholds))
    return links


def align_pair(
    left: Sequence[Claim],
    right: Sequence[Claim],
    matrix: np.ndarray,
    vocabulary: Vocabulary,
    thresholds: Thresholds = Thresholds(),
) -> list[Link]:
    t = thresholds
    matrix, events = _with_event_prior(left, right, matrix.copy(), t)
    row_best = matrix.max(axis=1)
    col_best = matrix.max(axis=0)
    # Claims reporting the same facet of the event (its length, its tone, who asked for it)
    # speak to the same point whatever their words; the contradiction rules judge them.
    by_facet = facet_pairs([c.text for c in left], [c.text for c in right])
    forced = events | set(by_facet)
    near_best = (matrix >= t.margin * row_best[:, None]) & (matrix >= t.margin * col_best[None, :])
    strong = near_best & (matrix >= min(t.match, t.conflict))
    # A related link is only worth showing among a claim's few closest partners: beyond that it
    # is clutter, and with long accounts it would be most of the links.
    related = (matrix >= t.related) & (_top_k(matrix, RELATED_PER_CLAIM, axis=1) | _top_k(matrix, RELATED_PER_CLAIM, axis=0))
    candidates = {(int(a), int(b)) for a, b in np.argwhere(strong | related)} | forced
    analysed = {}

    def terms(claim: Claim):
        if claim.id not in analysed:
            analysed[claim.id] = vocabulary.analyse(claim.text)
        return analysed[claim.id]

    links: list[Link] = []
    for a, b in sorted(candidates):
        score = float(matrix[a, b])
        if (a, b) in by_facet:
            score = max(score, t.match)
        is_near = (a, b) in forced or bool(near_best[a, b])
        lc, rc = left[a], right[b]
        relation: Relation | None = None
        reasons: list[Reason] = []
        if is_near and score >= t.conflict:
            reasons = [Reason("contradiction", text=r) for r in contradictions(lc.text, rc.text)]
            if reasons:
                relation = Relation.CONFLICT
        if relation is None and is_near and score >= t.match:
            relation = Relation.MATCH
            if (a, b) not in forced and score < t.distinct_speakers and _different_speakers(lc, rc) and not _shared_stance(terms(lc), terms(rc), vocabulary):
                # Two people saying different things about one topic: the topic is shared, the assertion is not.
                relation = Relation.RELATED
                reasons.append(Reason("speakers", (lc.speaker, rc.speaker)))
        if relation is None and score >= t.related:
            relation = Relation.RELATED
        if relation is None:
            continue
        links.append(_link(lc, rc, relation, score, reasons, vocabulary, terms(lc), terms(rc)))
    return links


RELATED_PER_CLAIM = 2


def _top_k(matrix: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mask of each row's (axis=1) or column's (axis=0) k highest values."""
    n = matrix.shape[axis]
    if n <= k:
        return np.ones_like(matrix, dtype=bool)
    kth = -np.partition(-matrix, k - 1, axis=axis).take(k - 1, axis=axis)
    return matrix >= (kth[:, None] if axis == 1 else kth[None, :])


# Where a claim enumerates ("They included X, Y, and Z"; "... against A and to stand against B"),
# each part may be the counterpart of a separate claim in the other account.
_PARTS = re.compile(r",\s+(?:and\s+|or\s+)?|;\s+|\s+and\s+to\s+|\s+as\s+well\s+as\s+")
MIN_PART_WORDS = 4


def parts(text: str) -> list[str]:
    """The enumerated parts of a claim, when it has at least two of a useful length."""
    pieces = [p.strip() for p in _PARTS.split(text)]
    pieces = [p for p in pieces if len(p.split()) >= MIN_PART_WORDS]
    return pieces if len(pieces) >= 2 else []


def _part_similarity(left, right, matcher: Matcher, weight: float) -> np.ndarray:
    """Similarity of each claim to the best-matching part of the other, discounted by ``weight``."""
    out = np.zeros((len(left), len(right)))
    for side, claims, others in ((0, left, right), (1, right, left)):
        owners, texts = [], []
        for k, claim in enumerate(claims):
            for piece in parts(claim.text):
                owners.append(k)
                texts.append(piece)
        if not texts:
            continue
        sim = np.asarray(matcher.similarity(texts, [c.text for c in others]), dtype=float)
        best = np.zeros((len(claims), len(others)))
        for row, owner in enumerate(owners):
            best[owner] = np.maximum(best[owner], sim[row])
        out = np.maximum(out, weight * (best if side == 0 else best.T))
    return out


def _with_event_prior(left, right, matrix: np.ndarray, t: Thresholds) -> tuple[np.ndarray, set[tuple[int, int]]]:
    """Both opening sentences report the event itself: they are each other's counterpart.

    Each side names its own leader as the subject ("X spoke with Y" / "Y held talks with X"),
    so the different-speakers rule does not apply to this pair.
    """
    events = set()
    first_left = [k for k, c in enumerate(left) if c.sentence == 0]
    first_right = [k for k, c in enumerate(right) if c.sentence == 0]
    for a in first_left:
        for b in first_right:
            if _EVENT.search(fold(left[a].text)) and _EVENT.search(fold(right[b].text)):
                matrix[a, b] = max(matrix[a, b], min(1.0, t.match + 0.15))
                events.add((a, b))
    return matrix, events


def _different_speakers(a: Claim, b: Claim) -> bool:
    if not a.speaker or not b.speaker:
        return False
    if _COLLECTIVE.search(a.speaker.lower()) or _COLLECTIVE.search(b.speaker.lower()):
        return False
    return fold(a.speaker) != fold(b.speaker)


def _shared_stance(a: Analysed, b: Analysed, vocabulary: Vocabulary) -> bool:
    stances_a = {t for t in a.tokens if vocabulary.is_stance(t)}
    return any(vocabulary.is_stance(t) and t in stances_a for t in b.tokens)


def _link(
    a: Claim, b: Claim, relation: Relation, score: float, reasons: list[Reason], vocabulary: Vocabulary,
    left_terms: Analysed, right_terms: Analysed,
) -> Link:
    why = list(reasons)
    shared = [t for t in dict.fromkeys(left_terms.tokens) if t in set(right_terms.tokens)]
    if shared:
        why.append(Reason("shared_terms", tuple(vocabulary.describe(t) for t in shared[:8])))
    glossary = [h for h in left_terms.hits if h in right_terms.hits]
    if glossary:
        why.append(Reason("glossary", tuple(glossary)))
    why.append(Reason("similarity", score=round(score, 4)))
    wording: tuple[WordingSpan, ...] = ()
    kinds: tuple[str, ...] = ()
    if relation.is_counterpart:
        diff = word_diff(a.text, b.text)
        wording = tuple(WordingSpan(a.id, a.start + s, a.start + e) for s, e in diff.removed) + tuple(
            WordingSpan(b.id, b.start + s, b.start + e) for s, e in diff.added
        )
        kinds = difference_kinds(a, b, has_wording=bool(wording))
    if relation is Relation.CONFLICT:
        kinds = ("conflict",) + tuple(k for k in kinds if k != "conflict")
    return Link((a.id, b.id), relation, round(min(1.0, max(0.0, score)), 4), kinds, tuple(why), wording)
