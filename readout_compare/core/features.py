"""What the pair scorer knows about two claims of different accounts: a row of numbers.

For each pair of accounts, :func:`pair_features` takes the claims, the lexical similarity
matrix (TF-IDF over stems, read through the glossary and synonyms) and, when the semantic extra
is in use, the embedding cosine matrix, and returns one row of features per candidate pair.
The features are the evidence the hand-set rules used to weigh, now weighed by a model learned
from the corpus (``core.scorer``): how alike the words are, how alike the pair is compared with
each claim's other candidates (rank and margin), the topics, names, places and numbers both
name, who speaks and with what stance, where in each account the claims sit, and whether the
neighbouring claims are alike too. Standard library and numpy.

Candidate pairs: every pair when the two accounts are small enough (so no gold pair can be
lost); otherwise each claim's best few by either similarity, plus the pairs the event's own
facets force (the opening sentences, the claims about the event's length, tone or initiator).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .conflicts import contradictions
from .facets import facets, pairs_by_facet
from .model import Claim
from .scores import PairScores
from .terms import Analysed, Vocabulary, fold

# Up to this many pairs per pair of accounts every pair is a candidate (two 200-claim accounts).
ALL_PAIRS_UP_TO = 40_000
TOP_K = 8  # otherwise: each claim's best candidates by each similarity

LEXICAL_FEATURES = (
    "lexical", "lexical_row_best", "lexical_col_best", "lexical_row_share", "lexical_col_share",
    "lexical_row_margin", "lexical_col_margin", "lexical_neighbours",
    "char_grams", "word_jaccard",
    "topics_shared", "topics_jaccard", "topics_none",
    "names_shared", "names_only_one", "glossary_shared", "numbers_shared", "numbers_clash",
    "both_report_event", "open_and_event", "facet_shared",
    "position_gap", "same_speaker", "speakers_differ", "stance_shared", "speakers_differ_no_stance", "both_commit",
    "length_ratio", "short_claim", "contradiction", "related_context",
)
SEMANTIC_FEATURES = (
    "semantic", "semantic_row_best", "semantic_col_best", "semantic_row_margin", "semantic_col_margin",
    "semantic_neighbours",
)

_EVENT = re.compile(
    r"\b(telephone|phone|call|talks|met|meeting|conversation|spoke|summit|visit|received|held|video ?conference|virtual|"
    r"video ?call|video ?link|meet|hosted)\b"
)
_COLLECTIVE = re.compile(r"\b(two|both|sides|leaders|presidents|ministers|parties|heads|they|delegations)\b")
_COMMIT = re.compile(r"\b(agreed|agree|decided|committed|pledged|resolved|will|signed|concluded)\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z'’-]{2,})")
_TOPIC_LINE = re.compile(r"^([\w-]+):\s*(.+)$")


def feature_names(semantic: bool) -> tuple[str, ...]:
    return LEXICAL_FEATURES + (SEMANTIC_FEATURES if semantic else ())


@lru_cache(maxsize=1)
def _topic_index() -> tuple[dict[str, frozenset[str]], re.Pattern | None, dict[str, frozenset[str]]]:
    """(stem -> topics, one pattern of every quoted phrase, phrase -> topics), built once."""
    by_stem: dict[str, set[str]] = {}
    by_phrase: dict[str, set[str]] = {}
    for name, stems, phrases in _topics():
        for stem in stems:
            by_stem.setdefault(stem, set()).add(name)
        for phrase in phrases:
            by_phrase.setdefault(phrase, set()).add(name)
    ordered = sorted(by_phrase, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(p) for p in ordered)) if ordered else None
    return ({k: frozenset(v) for k, v in by_stem.items()}, pattern, {k: frozenset(v) for k, v in by_phrase.items()})


@lru_cache(maxsize=1)
def _topics() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(topic, word stems, quoted phrases) from resources/topics.txt."""
    import snowballstemmer

    from ..resources import read_resource

    stemmer = snowballstemmer.stemmer("english")
    out = []
    for line in read_resource("topics.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        m = _TOPIC_LINE.match(line)
        if not m:
            continue
        phrases = tuple(fold(p) for p in re.findall(r'"([^"]+)"', m.group(2)))
        words = re.sub(r'"[^"]+"', " ", m.group(2)).split()
        stems = tuple(dict.fromkeys(stemmer.stemWord(fold(w)) for w in words))
        out.append((m.group(1), stems, phrases))
    return tuple(out)


@dataclass(frozen=True)
class ClaimFacts:
    """What the features read of one claim, worked out once per claim."""

    stems: frozenset[str]
    grams: dict[str, float]  # character 4-grams of the content words, unit length
    topics: frozenset[str]
    names: frozenset[str]
    glossary: frozenset[str]
    numbers: frozenset[str]
    reports_event: bool
    facets: frozenset[str]
    commits: bool
    stances: frozenset[str]
    words: int


def claim_facts(claim: Claim, analysed: Analysed, vocabulary: Vocabulary) -> ClaimFacts:
    folded = fold(claim.text)
    stems = frozenset(analysed.tokens)
    topic_set: set[str] = set()
    by_stem, phrases, by_phrase = _topic_index()
    for word in set(re.findall(r"[a-z0-9-]+", folded)):
        topic_set.update(by_stem.get(vocabulary.stem(word), ()))
    if phrases is not None:
        for m in phrases.finditer(folded):
            topic_set.update(by_phrase[m.group()])
    grams: dict[str, float] = {}
    for token in analysed.tokens:
        padded = f"#{token}#"
        for i in range(max(1, len(padded) - 3)):
            gram = padded[i : i + 4]
            grams[gram] = grams.get(gram, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in grams.values())) or 1.0
    grams = {g: v / norm for g, v in grams.items()}
    names = frozenset(fold(n) for n in _NAME.findall(claim.text))
    return ClaimFacts(
        stems=stems,
        grams=grams,
        topics=frozenset(topic_set),
        names=names,
        glossary=frozenset(analysed.hits),
        numbers=frozenset(_NUMBER.findall(folded)),
        reports_event=bool(_EVENT.search(folded)),
        facets=frozenset(facets(claim.text)),
        commits=bool(_COMMIT.search(folded)),
        stances=frozenset(t for t in analysed.tokens if vocabulary.is_stance(t)),
        words=len(claim.text.split()),
    )


def candidates(lexical: np.ndarray, semantic: np.ndarray | None, forced: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs worth scoring (see the module's docstring)."""
    n, m = lexical.shape
    if n * m <= ALL_PAIRS_UP_TO:
        return [(a, b) for a in range(n) for b in range(m)]
    chosen = set(forced)
    for matrix in (lexical, semantic):
        if matrix is None:
            continue
        k = min(TOP_K, m)
        rows = np.argpartition(-matrix, k - 1, axis=1)[:, :k]
        chosen.update((a, int(b)) for a in range(n) for b in rows[a])
        k = min(TOP_K, n)
        cols = np.argpartition(-matrix, k - 1, axis=0)[:k, :]
        chosen.update((int(a), b) for b in range(m) for a in cols[:, b])
    return sorted(chosen)


def _rank_features(matrix: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """best-in-row, best-in-column, share of the row/column best, margins over the runner-up,
    the neighbours' similarity (the claims before and after, in both accounts)."""
    if isinstance(matrix, PairScores):  # long accounts: from the candidate lists (core.scores)
        return matrix.rank_features(pairs)
    n, m = matrix.shape
    rows = np.array([a for a, _ in pairs])
    cols = np.array([b for _, b in pairs])
    value = matrix[rows, cols]
    row_sorted = -np.sort(-matrix, axis=1)
    col_sorted = -np.sort(-matrix, axis=0)
    row_best, col_best = row_sorted[:, 0], col_sorted[0, :]
    row_second = row_sorted[:, 1] if m > 1 else np.zeros(n)
    col_second = col_sorted[1, :] if n > 1 else np.zeros(m)
    is_row_best = (value >= row_best[rows] - 1e-9).astype(float)
    is_col_best = (value >= col_best[cols] - 1e-9).astype(float)
    row_share = value / np.maximum(row_best[rows], 1e-6)
    col_share = value / np.maximum(col_best[cols], 1e-6)
    # Margin: how far ahead of the claim's other candidates (negative when another is better).
    row_other = np.where(is_row_best > 0, row_second[rows], row_best[rows])
    col_other = np.where(is_col_best > 0, col_second[cols], col_best[cols])
    padded = np.pad(matrix, 1)
    before = padded[rows, cols]  # (a-1, b-1)
    after = padded[rows + 2, cols + 2]  # (a+1, b+1)
    neighbours = np.maximum(before, after)
    return np.stack([value, is_row_best, is_col_best, row_share, col_share, value - row_other, value - col_other, neighbours], axis=1)


def pair_features(
    left: Sequence[Claim], right: Sequence[Claim], left_facts: Sequence[ClaimFacts], right_facts: Sequence[ClaimFacts],
    lexical: np.ndarray, semantic: np.ndarray | None, pairs: list[tuple[int, int]],
) -> np.ndarray:
    """One row of features per candidate pair, in the order of ``feature_names``."""
    if not pairs:
        return np.zeros((0, len(feature_names(semantic is not None))), dtype=np.float32)
    lex = _rank_features(lexical, pairs)
    n, m = len(left), len(right)
    gram_matrix = _gram_cosines(left_facts, right_facts)
    rows = []
    for (a, b), lex_row in zip(pairs, lex):
        lc, rc, lf, rf = left[a], right[b], left_facts[a], right_facts[b]
        if gram_matrix is not None:
            grams = float(gram_matrix[a, b])
        else:
            grams = sum(v * rf.grams.get(g, 0.0) for g, v in lf.grams.items()) if len(lf.grams) <= len(rf.grams) else \
                sum(v * lf.grams.get(g, 0.0) for g, v in rf.grams.items())
        union = lf.stems | rf.stems
        jaccard = len(lf.stems & rf.stems) / len(union) if union else 0.0
        topics_shared = len(lf.topics & rf.topics)
        topic_union = lf.topics | rf.topics
        names_shared = len(lf.names & rf.names)
        names_only = len(lf.names ^ rf.names)
        numbers_shared = len(lf.numbers & rf.numbers)
        numbers_clash = float(bool(lf.numbers) and bool(rf.numbers) and not (lf.numbers & rf.numbers))
        both_open = float(lc.sentence == 0 and rc.sentence == 0)
        both_event = float(lf.reports_event and rf.reports_event)
        facet_shared = float(bool(lf.facets & rf.facets))
        position_gap = abs(a / max(1, n - 1) - b / max(1, m - 1)) if n > 1 and m > 1 else 0.0
        speakers = speakers_of(lc, rc)
        stance = float(bool(lf.stances & rf.stances))
        both_commit = float(lf.commits and rf.commits)
        ratio = min(lf.words, rf.words) / max(1, max(lf.words, rf.words))
        short = float(min(lf.words, rf.words) <= 6)
        contradiction = float(bool(lexical[a, b] >= 0.05 or facet_shared or both_open) and bool(contradictions(lc.text, rc.text)))
        # Related context: both claims talk of a topic shared by many claims of the two accounts
        # (the event's main subject), which makes a shared topic weaker evidence of one assertion.
        related_context = float(topics_shared > 0 and len(topic_union) > 0 and topics_shared / len(topic_union) < 0.34)
        rows.append((
            *lex_row, grams, jaccard,
            min(topics_shared, 4) / 4.0, topics_shared / len(topic_union) if topic_union else 0.0, float(not topic_union),
            min(names_shared, 4) / 4.0, min(names_only, 6) / 6.0, min(len(lf.glossary & rf.glossary), 3) / 3.0,
            min(numbers_shared, 3) / 3.0, numbers_clash,
            both_event, both_open * both_event, facet_shared,
            position_gap, float(speakers == "same"), float(speakers == "different"), stance,
            float(speakers == "different") * (1.0 - stance), both_commit,
            ratio, short, contradiction, related_context,
        ))
    features = np.asarray(rows, dtype=np.float32)
    if semantic is not None:
        sem = _rank_features(semantic, pairs)[:, [0, 1, 2, 5, 6, 7]]
        features = np.concatenate([features, sem.astype(np.float32)], axis=1)
    return features


CONTEXT_FEATURES = ("first", "first_row_best", "first_col_best", "first_row_share", "first_col_share",
                    "first_row_margin", "first_col_margin", "first_neighbours", "first_row_count", "first_col_count")


def context_features(first: np.ndarray, pairs: list[tuple[int, int]], shape: tuple[int, int]) -> np.ndarray:
    """The first-stage probability of each pair seen against its rivals: is it the claim's likeliest
    partner, by how much, are the neighbouring claims linked too, how many partners each claim has.
    This is how an analyst reads an alignment: a pair is surer when its neighbours line up."""
    if not pairs:
        return np.zeros((0, len(CONTEXT_FEATURES)), dtype=np.float32)
    if shape[0] * shape[1] > ALL_PAIRS_UP_TO:  # long accounts: the same figures without an n × m matrix
        table = PairScores.of_pairs(pairs, first, shape)
        return np.concatenate([table.rank_features(pairs), table.likely_counts(pairs)], axis=1).astype(np.float32)
    matrix = np.zeros(shape)
    rows = np.array([a for a, _ in pairs])
    cols = np.array([b for _, b in pairs])
    matrix[rows, cols] = first
    ranks = _rank_features(matrix, pairs)
    likely = matrix >= 0.3
    row_count = likely.sum(axis=1)[rows] - likely[rows, cols]
    col_count = likely.sum(axis=0)[cols] - likely[rows, cols]
    extra = np.stack([np.minimum(row_count, 4) / 4.0, np.minimum(col_count, 4) / 4.0], axis=1)
    return np.concatenate([ranks, extra], axis=1).astype(np.float32)


GRAM_MATRIX_LIMIT = 4_000_000  # cells of the dense claims × grams matrices; beyond, pair by pair


def _gram_cosines(left: Sequence[ClaimFacts], right: Sequence[ClaimFacts]) -> np.ndarray | None:
    """Character 4-gram cosines of every pair at once, when the matrices stay small."""
    index: dict[str, int] = {}
    for facts in (*left, *right):
        for gram in facts.grams:
            index.setdefault(gram, len(index))
    if not index or (len(left) + len(right)) * len(index) > GRAM_MATRIX_LIMIT or len(left) * len(right) > ALL_PAIRS_UP_TO:
        return None

    def dense(side: Sequence[ClaimFacts]) -> np.ndarray:
        out = np.zeros((len(side), len(index)))
        for row, facts in enumerate(side):
            for gram, value in facts.grams.items():
                out[row, index[gram]] = value
        return out

    return dense(left) @ dense(right).T


def speakers_of(a: Claim, b: Claim) -> str:
    """"same", "different" (two named people) or "" (a collective, or a speaker not known)."""
    if not a.speaker or not b.speaker:
        return ""
    if _COLLECTIVE.search(a.speaker.lower()) or _COLLECTIVE.search(b.speaker.lower()):
        return ""
    return "same" if fold(a.speaker) == fold(b.speaker) else "different"


def facet_forced(left_facts: Sequence[ClaimFacts], right_facts: Sequence[ClaimFacts], left: Sequence[Claim], right: Sequence[Claim]) -> set[tuple[int, int]]:
    """Pairs that must be candidates however long the accounts: openings and shared event facets."""
    forced = set()
    opening_left = [a for a, c in enumerate(left) if c.sentence == 0]
    opening_right = [b for b, c in enumerate(right) if c.sentence == 0]
    forced.update((a, b) for a in opening_left for b in opening_right)
    forced.update(pairs_by_facet([f.facets for f in left_facts], [f.facets for f in right_facts]))
    return forced
