"""Aligning the claims of two or more accounts, whatever order each account tells them in.

For every pair of accounts: the matcher's similarity matrices (the lexical one always, the
embedding cosine too when the semantic extra is in use), candidate pairs
(``features.candidates``), a row of features per candidate (``features.pair_features``), and
the learned pair scorer's two probabilities (``scorer.PairScorer``). A pair whose probability
of being counterparts reaches the scorer's threshold is linked; the rule-based contradiction
checks (``conflicts.contradictions``) then say whether the counterparts agree (``match``) or
cannot both be right (``conflict``, with the reason found). Pairs that are not counterparts but
likely speak of the same topic are linked ``related`` (each claim's two likeliest at most). One
claim may link to several: a summary sentence against two detailed ones. Every link carries the
scorer's probability as its confidence. Standard library and numpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

import numpy as np

from .candidates import long_evidence
from .conflicts import contradictions
from .features import (ALL_PAIRS_UP_TO, ClaimFacts, candidates, claim_facts, facet_forced, feature_names, pair_features,
                       speakers_of)
from .kinds import difference_kinds
from .model import Claim, Link, Reason, Relation, WordingSpan
from .people import identify, relation as speakers_relation
from .scorer import PairScorer, load_scorer
from .scores import PairScores, pair_arrays
from .similarity import LexicalMatcher, Matcher
from .terms import Analysed, Vocabulary
from .wording import LazyWording

RELATED_PER_CLAIM = 2  # related links beyond a claim's two likeliest are clutter
COUNTERPARTS_PER_CLAIM = 4  # a summary sentence covers a few detailed ones, not dozens
RIVAL_SHARE = 0.5  # a counterpart at least half as likely as the claim's likeliest one
# A claim left without a counterpart in an account, whose likeliest candidate there still has
# this chance of being it, is not shown as a bare omission: the candidate is linked related, as
# its possible counterpart. Measured in 5-fold cross-validation on the corpus with the lexical
# scorer (benchmarks/eval_alignment.py): the 983 omissions shown with no such pointer were right
# 87% of the time, against 79% for all 1,352; 254 pointers were named, 81 of them at the gold
# counterpart. Before it was built, the same folds gave: at 0.1, 90% right with 632 omissions
# flagged; at 0.3, 84% with 218. 0.2 keeps most omissions plain and flags most wrong ones.
POSSIBLE_COUNTERPART = 0.2


@dataclass(frozen=True)
class Evidence:
    """What the scorer reads for one pair of accounts: candidate pairs and their features."""

    pairs: list[tuple[int, int]]
    features: np.ndarray
    similarity: np.ndarray  # the score shown on a link (lexical, or the matcher's own)
    stems: tuple[list[frozenset[str]], list[frozenset[str]]] = ([], [])  # each claim's terms, both accounts

    @property
    def shape(self) -> tuple[int, int]:
        return self.similarity.shape


class Reader:
    """Each claim's vocabulary reading and facts, worked out once per comparison."""

    def __init__(self, vocabulary: Vocabulary, analyse=None):
        self.vocabulary = vocabulary
        self._analyse = analyse or vocabulary.analyse
        self._analysed: dict[str, Analysed] = {}
        self._facts: dict[str, ClaimFacts] = {}

    def analysed(self, claim: Claim) -> Analysed:
        found = self._analysed.get(claim.id)
        if found is None:
            found = self._analysed[claim.id] = self._analyse(claim.text)
        return found

    def facts(self, claim: Claim) -> ClaimFacts:
        found = self._facts.get(claim.id)
        if found is None:
            found = self._facts[claim.id] = claim_facts(claim, self.analysed(claim), self.vocabulary)
        return found


def matrices(left: Sequence[Claim], right: Sequence[Claim], matcher: Matcher, reader: Reader) -> tuple[np.ndarray, np.ndarray | None]:
    """(lexical, semantic-or-None) similarity of two accounts' claims.

    The lexical matrix is the glossary-aware TF-IDF cosine, the most enumerated part of a claim
    counting at 0.7 (a claim listing several topics against one detailed claim). A matcher
    with embeddings (``cosine``) adds its cosine; any other matcher's own similarity stands in
    for the lexical one (a matcher plugged in by a caller)."""
    texts_left, texts_right = [c.text for c in left], [c.text for c in right]
    if hasattr(matcher, "cosine"):
        lexical_matcher = getattr(matcher, "lexical", None) or LexicalMatcher(reader.vocabulary)
        semantic = np.asarray(matcher.cosine(texts_left, texts_right), dtype=np.float64)
    elif isinstance(matcher, LexicalMatcher):
        lexical_matcher, semantic = matcher, None
    else:
        return np.asarray(matcher.similarity(texts_left, texts_right), dtype=np.float64), None
    if type(lexical_matcher) is LexicalMatcher and lexical_matcher.vocabulary is reader.vocabulary:
        # the claims' terms as the reader already has them: each claim is analysed once
        lexical = lexical_matcher.similarity_of_terms([reader.analysed(c).tokens for c in left],
                                                      [reader.analysed(c).tokens for c in right])
    else:
        lexical = lexical_matcher.similarity(texts_left, texts_right)
    lexical = np.asarray(lexical, dtype=np.float64)
    lexical = np.maximum(lexical, _part_similarity(left, right, lexical_matcher, 0.7))
    return lexical, semantic


def evidence(left: Sequence[Claim], right: Sequence[Claim], matcher: Matcher, reader: Reader) -> Evidence:
    """The features of every candidate pair of two accounts (also what training reads)."""
    left_facts = [reader.facts(c) for c in left]
    right_facts = [reader.facts(c) for c in right]
    forced = facet_forced(left_facts, right_facts, left, right)
    if len(left) * len(right) > ALL_PAIRS_UP_TO and _indexable(matcher, reader):
        # long accounts: candidates from an index, no claims × claims matrix (core.candidates)
        pairs, lexical, semantic = _long_candidates(left, right, matcher, reader, forced)
    else:
        lexical, semantic = matrices(left, right, matcher, reader)
        pairs = candidates(lexical, semantic, forced)
    features = pair_features(left, right, left_facts, right_facts, lexical, semantic, pairs)
    return Evidence(pairs, features, lexical, ([f.stems for f in left_facts], [f.stems for f in right_facts]))


def _indexable(matcher: Matcher, reader: Reader) -> bool:
    """A matcher whose similarity core.candidates can search: the lexical one (on the reader's
    vocabulary) and the semantic extra; another matcher plugged in gives its own matrix."""
    lexical = getattr(matcher, "lexical", None) if hasattr(matcher, "cosine") else matcher
    return isinstance(lexical, LexicalMatcher) and lexical.vocabulary is reader.vocabulary and (
        not hasattr(matcher, "cosine") or hasattr(matcher, "centred"))


def _long_candidates(left, right, matcher: Matcher, reader: Reader, forced):
    lexical = getattr(matcher, "lexical", None) if hasattr(matcher, "cosine") else matcher
    terms = [[reader.analysed(c).tokens for c in side] for side in (left, right)]
    pieces = [[lexical.terms(parts(c.text)) for c in side] for side in (left, right)]
    embeddings = matcher.centred([c.text for c in left], [c.text for c in right]) if hasattr(matcher, "cosine") else None
    return long_evidence(terms[0], terms[1], pieces[0], pieces[1], embeddings, forced)


def scorer_for(matcher: Matcher) -> PairScorer:
    return load_scorer("semantic" if hasattr(matcher, "cosine") else "lexical")


def align(
    claims: Sequence[Sequence[Claim]],
    matcher: Matcher,
    vocabulary: Vocabulary,
    scorer: PairScorer | None = None,
) -> list[Link]:
    """Links between the claims of every pair of accounts (N accounts: all N·(N-1)/2 pairs)."""
    scorer = scorer or scorer_for(matcher)
    reader = Reader(vocabulary, getattr(matcher, "analysed", None))
    links: list[Link] = []
    for i, j in combinations(range(len(claims)), 2):
        left, right = claims[i], claims[j]
        if not left or not right:
            continue
        found = evidence(left, right, matcher, reader)
        p_counterpart, p_related = scorer.probabilities(found.features, found.pairs, found.shape, found.stems)
        links.extend(decide(left, right, found, p_counterpart, p_related, scorer, reader))
    return links


def decide(left, right, found: Evidence, p_counterpart: np.ndarray, p_related: np.ndarray, scorer: PairScorer,
           reader: Reader) -> list[Link]:
    """Links from the scorer's probabilities: counterparts (match or conflict), then related."""
    links: list[Link] = []
    grounded = _grounded(found, scorer)
    a, b = pair_arrays(found.pairs)
    kept = _counterparts_kept(a, b, p_counterpart, grounded, scorer.threshold)
    score = _values_of(found.similarity, a, b)
    people = (identify(left), identify(right))  # who speaks, however each account names them
    for k in np.flatnonzero(grounded & kept):
        lc, rc = left[a[k]], right[b[k]]
        reasons = [Reason("contradiction", text=r) for r in contradictions(lc.text, rc.text)]
        relation = Relation.CONFLICT if reasons else Relation.MATCH
        links.append(_link(lc, rc, relation, float(score[k]), float(p_counterpart[k]), reasons, reader,
                           speakers_relation(people[0][a[k]], people[1][b[k]])))
    likely_related = (1.0 - p_counterpart) * p_related
    possible = _possible_counterparts(a, b, p_counterpart, grounded, kept)
    related = [(float(likely_related[k]), int(a[k]), int(b[k]), k)
               for k in np.flatnonzero(grounded & ~kept & (likely_related >= scorer.related_threshold))
               if k not in possible]
    related += [(float(likely_related[k]), int(a[k]), int(b[k]), k) for k in possible]
    # A related link only among each claim's few likeliest topic partners (a possible
    # counterpart always: it is what an omission's reader must check).
    per_claim: dict[tuple[int, int], int] = {}
    for q, i, j, k in sorted(related, key=lambda r: (r[3] in possible, r[0]), reverse=True):
        if (k not in possible and per_claim.get((0, i), 0) >= RELATED_PER_CLAIM
                and per_claim.get((1, j), 0) >= RELATED_PER_CLAIM):
            continue
        per_claim[(0, i)] = per_claim.get((0, i), 0) + 1
        per_claim[(1, j)] = per_claim.get((1, j), 0) + 1
        lc, rc = left[i], right[j]
        reasons = []
        if k in possible:
            # Its confidence: how likely the two speak to one subject at all (counterparts or related).
            reasons.append(Reason("possible_counterpart", score=round(float(p_counterpart[k]), 4)))
            q = float(p_counterpart[k] + likely_related[k])
        # persons where both accounts name them; otherwise the speakers as worded ("the US side" / "Wang")
        if (speakers_relation(people[0][i], people[1][j]) or speakers_of(lc, rc)) == "different":
            reasons.append(Reason("speakers", (lc.speaker, rc.speaker)))
        links.append(_link(lc, rc, Relation.RELATED, float(score[k]), q, reasons, reader))
    order = {c.id: c.index for c in (*left, *right)}
    links.sort(key=lambda ln: (order[ln.claims[0]], order[ln.claims[1]]))
    return links


def _values_of(similarity, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The similarity of pairs (a[k], b[k]), from a matrix or a table of pairs (``scores.PairScores``)."""
    if isinstance(similarity, PairScores):
        return similarity.at(a, b)
    return np.asarray(similarity, dtype=np.float64)[a, b]


def _counterparts_kept(a: np.ndarray, b: np.ndarray, p: np.ndarray, grounded: np.ndarray, threshold: float) -> np.ndarray:
    """Which likely counterparts are linked: each claim's few likeliest, none far behind its best.

    Readouts that repeat one formula ("... item 37 on trade", "... item 212 on trade") would
    otherwise link every claim to every near-copy: the analyst wants the one that corresponds."""
    likely = (p >= threshold) & grounded
    if not likely.any():
        return likely
    best_left = np.zeros(int(a.max()) + 1)
    best_right = np.zeros(int(b.max()) + 1)
    np.maximum.at(best_left, a[likely], p[likely])
    np.maximum.at(best_right, b[likely], p[likely])
    value, left_best, right_best = p, best_left[a], best_right[b]
    keep = likely & ~((value < RIVAL_SHARE * left_best) | (value < RIVAL_SHARE * right_best))
    # The best partner of neither claim: a summary links to each detail whose best it is
    # (one side's best), never along a chain of second choices that would join everything.
    keep &= ~((value < left_best - 1e-9) & (value < right_best - 1e-9))
    count_left: dict[int, int] = {}
    count_right: dict[int, int] = {}
    candidates = np.flatnonzero(keep)
    for k in candidates[np.argsort(-p[candidates], kind="stable")].tolist():  # likeliest first; ties in pair order
        i, j = int(a[k]), int(b[k])
        if count_left.get(i, 0) >= COUNTERPARTS_PER_CLAIM or count_right.get(j, 0) >= COUNTERPARTS_PER_CLAIM:
            keep[k] = False
            continue
        count_left[i] = count_left.get(i, 0) + 1
        count_right[j] = count_right.get(j, 0) + 1
    return keep


def _possible_counterparts(a: np.ndarray, b: np.ndarray, p: np.ndarray, grounded: np.ndarray, kept: np.ndarray) -> set[int]:
    """The pairs (indices) that are a claim's possible counterpart: its likeliest candidate, with at
    least ``POSSIBLE_COUNTERPART`` chance, where the claim has no counterpart in that account."""
    if not len(p):
        return set()
    out: set[int] = set()
    open_pairs = grounded & ~kept & (p >= POSSIBLE_COUNTERPART)
    for side, other in ((a, b), (b, a)):
        linked = set(side[kept].tolist())
        best: dict[int, int] = {}
        for k in np.flatnonzero(open_pairs).tolist():
            i = int(side[k])
            if i in linked:
                continue
            # the likeliest; ties to the earlier claim of the other account, so runs agree
            if i not in best or (p[k], -other[k]) > (p[best[i]], -other[best[i]]):
                best[i] = k
        out.update(best.values())
    return out


def _grounded(found: Evidence, scorer: PairScorer) -> np.ndarray:
    """Pairs with something in common beyond their place in the accounts: a shared term or topic,
    the same facet of the event, both reporting the event, or (with the extra) close meanings.
    Position and rank alone never link two claims: the last sentences of two accounts are not
    counterparts because both come last."""
    names = feature_names(scorer.semantic)
    x = found.features
    if len(x) == 0:
        return np.zeros(0, dtype=bool)
    column = {n: x[:, k] for k, n in enumerate(names)}
    ground = (column["lexical"] > 0.02) | (column["topics_shared"] > 0) | (column["facet_shared"] > 0) | (column["open_and_event"] > 0)
    if "semantic" in column:
        ground |= column["semantic"] >= 0.35
    return ground


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


def _link(a: Claim, b: Claim, relation: Relation, score: float, confidence: float, reasons: list[Reason], reader: Reader,
          speakers: str | None = None) -> Link:
    why = list(reasons)
    left_terms, right_terms = reader.analysed(a), reader.analysed(b)
    right_set = set(right_terms.tokens)
    shared = [t for t in dict.fromkeys(left_terms.tokens) if t in right_set]
    if shared:
        why.append(Reason("shared_terms", tuple(reader.vocabulary.describe(t) for t in shared[:8])))
    glossary = [h for h in left_terms.hits if h in right_terms.hits]
    if glossary:
        why.append(Reason("glossary", tuple(glossary)))
    why.append(Reason("similarity", score=round(min(1.0, max(0.0, score)), 4)))
    why.append(Reason("scorer", score=round(confidence, 4)))
    wording: Sequence[WordingSpan] = ()
    kinds: tuple[str, ...] = ()
    if relation.is_counterpart:
        wording = LazyWording(a, b)  # diffed when a view or a briefing reads it
        kinds = difference_kinds(a, b, has_wording=bool(wording), speakers=speakers)
    if relation is Relation.CONFLICT:
        kinds = ("conflict",) + tuple(k for k in kinds if k != "conflict")
    return Link((a.id, b.id), relation, round(min(1.0, max(0.0, score)), 4), kinds, tuple(why), wording)
