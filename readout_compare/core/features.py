"""What the pair scorer knows about two claims of different accounts: a row of numbers.

For each pair of accounts, :func:`pair_features` takes the claims, the lexical similarity
matrix (TF-IDF over stems, read through the glossary and synonyms) and, when the semantic extra
is in use, the embedding cosine matrix, and returns one row of features per candidate pair.
The features are the evidence the hand-set rules used to weigh, now weighed by a model learned
from the corpus (``core.scorer``): how alike the words are, how alike the pair is compared with
each claim's other candidates (rank and margin), the topics, names, places and numbers both
name, who speaks and with what stance, where in each account the claims sit, and whether the
neighbouring claims are alike too. Each group of features is one function over all the candidate
pairs at once (``FEATURE_GROUPS``, numpy over the pairs' indices; sets through ``core.sparse``),
giving each pair what its own definition gives it (``tests/test_pair_features.py``). Standard library and numpy.

Candidate pairs: every pair when the two accounts are small enough (so no gold pair can be
lost); otherwise each claim's best few by either similarity, plus the pairs the event's own
facets force (the opening sentences, the claims about the event's length, tone or initiator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .conflicts import CIRCUMSTANCE_CUES, CIRCUMSTANCE_REASONS, conflict_cues, contradictions, may_contradict
from .facets import FACETS, facets, pairs_by_facet
from .model import Claim
from .scores import PairScores, pair_arrays
from .sparse import SparseRows, first_occurrences, ranges, set_rows
from .terms import Analysed, Vocabulary, fold, longest_first

# Up to this many pairs per pair of accounts every pair is a candidate (two 200-claim accounts).
ALL_PAIRS_UP_TO = 40_000
TOP_K = 8  # otherwise: each claim's best candidates by each similarity

LEXICAL_FEATURES = (
    "lexical", "lexical_row_best", "lexical_col_best", "lexical_row_share", "lexical_col_share",
    "lexical_row_margin", "lexical_col_margin", "lexical_neighbours",
    "char_grams", "word_jaccard",
    "topics_shared", "topics_jaccard", "topics_none",
    "names_shared", "names_only_one", "glossary_shared", "numbers_shared", "numbers_clash",
    "both_report_event", "open_and_event", "facet_shared", "follow_up_shared",
    "position_gap", "same_speaker", "speakers_differ", "stance_shared", "speakers_differ_no_stance", "both_commit",
    "length_ratio", "short_claim", "contradiction", "contradiction_circumstance", "related_context",
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
    pattern = re.compile(longest_first(ordered)) if ordered else None
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
    tokens: tuple[str, ...]  # the analysed terms in text order, repeats kept (the character grams' source)
    topics: frozenset[str]
    names: frozenset[str]
    glossary: frozenset[str]
    numbers: frozenset[str]
    reports_event: bool
    facets: frozenset[str]
    commits: bool
    stances: frozenset[str]
    words: int
    cues: int  # what the contradiction rules compare (conflicts.conflict_cues)


_WORDS = re.compile(r"[a-z0-9-]+")
# word -> the topics its stem belongs to (the Snowball stem, the same in every vocabulary)
_WORD_TOPICS: dict[str, frozenset[str]] = {}
WORD_TOPICS_KEPT = 500_000


def claim_facts(claim: Claim, analysed: Analysed, vocabulary: Vocabulary) -> ClaimFacts:
    folded = fold(claim.text)
    stems = frozenset(analysed.tokens)
    topic_set: set[str] = set()
    by_stem, phrases, by_phrase = _topic_index()
    for word in set(_WORDS.findall(folded)):
        found = _WORD_TOPICS.get(word)
        if found is None:
            if len(_WORD_TOPICS) > WORD_TOPICS_KEPT:
                _WORD_TOPICS.clear()
            found = _WORD_TOPICS[word] = by_stem.get(vocabulary.stem(word), frozenset())
        if found:
            topic_set.update(found)
    if phrases is not None:
        for m in phrases.finditer(folded):
            topic_set.update(by_phrase[m.group()])
    names = frozenset(fold(n) for n in _NAME.findall(claim.text))
    return ClaimFacts(
        stems=stems,
        tokens=analysed.tokens,
        topics=frozenset(topic_set),
        names=names,
        glossary=frozenset(analysed.hits),
        numbers=frozenset(_NUMBER.findall(folded)),
        reports_event=bool(_EVENT.search(folded)),
        facets=frozenset(facets(claim.text)),
        commits=bool(_COMMIT.search(folded)),
        stances=stems & vocabulary.stance_terms,
        words=len(claim.text.split()),
        cues=conflict_cues(claim.text),
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
    rows, cols = pair_arrays(pairs)
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
    """One row of features per candidate pair, in the order of ``feature_names``.

    Each feature group below answers for every pair at once (numpy over the pairs' indices);
    a new feature is a name in ``LEXICAL_FEATURES`` and a column of one group (or a new group
    in ``FEATURE_GROUPS``)."""
    if not pairs:
        return np.zeros((0, len(feature_names(semantic is not None))), dtype=np.float32)
    view = PairView(left, right, left_facts, right_facts, lexical, pairs)
    columns: dict[str, np.ndarray] = {}
    for group in FEATURE_GROUPS:
        columns.update(group(view, columns))
    # Filled a column at a time, not stacked in one call: a 100,000-word pair's 116,700 × 31
    # stack held the interpreter lock for 85 ms (load 4.4) and the window's GUI thread waited.
    # Each column goes through float64 as the stacked array did, so the values are the same bits.
    features = np.empty((len(view.a), len(LEXICAL_FEATURES)), dtype=np.float32)
    for j, name in enumerate(LEXICAL_FEATURES):
        features[:, j] = np.asarray(columns[name], dtype=np.float64)
    if semantic is not None:
        sem = _rank_features(semantic, pairs)[:, [0, 1, 2, 5, 6, 7]]
        features = np.concatenate([features, sem.astype(np.float32)], axis=1)
    return features


class PairView:
    """The candidate pairs of two accounts as arrays (``a``: left claim, ``b``: right claim), and
    each claim's facts as arrays or sparse rows, made when a feature group first asks."""

    def __init__(self, left: Sequence[Claim], right: Sequence[Claim], left_facts: Sequence[ClaimFacts],
                 right_facts: Sequence[ClaimFacts], lexical: np.ndarray, pairs: list[tuple[int, int]]):
        self.left, self.right, self.left_facts, self.right_facts = left, right, left_facts, right_facts
        self.lexical, self.pairs = lexical, pairs
        self.a, self.b = pair_arrays(pairs)
        self._shared: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def each(self, of) -> tuple[np.ndarray, np.ndarray]:
        """A per-claim number (``of(claim, facts)``) for the left and the right claim of every pair."""
        left = np.array([of(c, f) for c, f in zip(self.left, self.left_facts)])
        right = np.array([of(c, f) for c, f in zip(self.right, self.right_facts)])
        return left[self.a], right[self.b]

    def counts(self, field: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(left size, right size, shared) of a set-valued ``ClaimFacts`` field, for every pair."""
        if field not in self._shared:
            rows_left, rows_right = set_rows([getattr(f, field) for f in self.left_facts],
                                             [getattr(f, field) for f in self.right_facts])
            self._shared[field] = (rows_left.sizes[self.a], rows_right.sizes[self.b],
                                   rows_left.shared(self.a, rows_right, self.b))
        return self._shared[field]


def _lexical_ranks(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    return dict(zip(LEXICAL_FEATURES[:8], _rank_features(view.lexical, view.pairs).T))


def _wording(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    """Character 4-gram cosine and word (stem) Jaccard."""
    size_left, size_right, shared = view.counts("stems")
    union = size_left + size_right - shared
    return {"char_grams": _gram_cosines(view),
            "word_jaccard": np.where(union > 0, shared / np.maximum(union, 1), 0.0)}


def _topics_shared(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    size_left, size_right, shared = view.counts("topics")
    union = size_left + size_right - shared
    jaccard = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
    return {
        "topics_shared": np.minimum(shared, 4) / 4.0, "topics_jaccard": jaccard, "topics_none": (union == 0).astype(float),
        # Related context: both claims talk of a topic shared by many claims of the two accounts
        # (the event's main subject), which makes a shared topic weaker evidence of one assertion.
        "related_context": ((shared > 0) & (union > 0) & (jaccard < 0.34)).astype(float),
    }


def _named_things(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    """Names, glossary entries and numbers both claims give (or that only one gives)."""
    names_left, names_right, names = view.counts("names")
    _, _, glossary = view.counts("glossary")
    numbers_left, numbers_right, numbers = view.counts("numbers")
    return {
        "names_shared": np.minimum(names, 4) / 4.0,
        "names_only_one": np.minimum(names_left + names_right - 2 * names, 6) / 6.0,
        "glossary_shared": np.minimum(glossary, 3) / 3.0,
        "numbers_shared": np.minimum(numbers, 3) / 3.0,
        "numbers_clash": ((numbers_left > 0) & (numbers_right > 0) & (numbers == 0)).astype(float),
    }


# What is to follow (staying in contact, meeting again) is its own feature: the three facets the
# event has once (length, tone, who asked) are stronger evidence than it.
_FOLLOW_UP = 1 << FACETS.index("follow_up")
_OWN_FACETS = (1 << len(FACETS)) - 1 - _FOLLOW_UP


def _the_event(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    """Both claims report the event, both open their accounts, both report one of its facets."""
    left_event, right_event = view.each(lambda c, f: f.reports_event)
    left_open, right_open = view.each(lambda c, f: c.sentence == 0)
    both_event = (left_event & right_event).astype(float)
    both_open = (left_open & right_open).astype(float)
    left_facets, right_facets = view.each(lambda c, f: sum(1 << FACETS.index(x) for x in f.facets))
    return {"both_report_event": both_event, "open_and_event": both_open * both_event,
            "facet_shared": ((left_facets & right_facets & _OWN_FACETS) != 0).astype(float),
            "follow_up_shared": ((left_facets & right_facets & _FOLLOW_UP) != 0).astype(float),
            "_both_open": both_open}  # not a feature: what _contradiction reads


def _position(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    n, m = len(view.left), len(view.right)
    gap = np.abs(view.a / max(1, n - 1) - view.b / max(1, m - 1)) if n > 1 and m > 1 else np.zeros(len(view.a))
    return {"position_gap": gap}


def _speakers(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    """Who speaks (the same person, two different people) and with what stance.

    The speakers as the accounts word them ("Xi" and "Jinping" are two). Reading them as the
    persons ``people.identify`` resolves (what a link's reasons and kinds show) was measured in
    stop 22, retrained on the same folds: no gain (5-fold 0.74 against 0.75, holdout 0.68 against
    0.67, the shared cases 0.83 against 0.86), so the scorer keeps the worded speakers."""
    known: dict[str, int] = {}
    left, right = view.each(lambda c, f: _speaker_id(c, known))
    same = (left >= 0) & (left == right)
    different = (left >= 0) & (right >= 0) & (left != right)
    _, _, stances = view.counts("stances")
    stance = (stances > 0).astype(float)
    left_commits, right_commits = view.each(lambda c, f: f.commits)
    return {"same_speaker": same.astype(float), "speakers_differ": different.astype(float), "stance_shared": stance,
            "speakers_differ_no_stance": different * (1.0 - stance), "both_commit": (left_commits & right_commits).astype(float)}


def _lengths(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    left, right = view.each(lambda c, f: f.words)
    shorter = np.minimum(left, right)
    return {"length_ratio": shorter / np.maximum(1, np.maximum(left, right)), "short_claim": (shorter <= 6).astype(float)}


# Contradictions about the event's own circumstances (who asked for it, how long, where, when):
# each account states them once, so two claims that disagree on one are nearly always two
# accounts of the same point, however few words they share; a clash of numbers, tone or of
# whether something happened is weaker evidence, for claims on other points clash too.


def _contradiction(view: PairView, columns: dict) -> dict[str, np.ndarray]:
    """The contradiction rules, on pairs that speak to one point (alike words, a shared facet of the
    event, both openings, or both stating one of the event's circumstances) and whose claims state
    facts a rule compares (``conflicts.may_contradict``)."""
    left_cues, right_cues = view.each(lambda c, f: f.cues)
    about_one_point = ((columns["lexical"] >= 0.05) | (columns["facet_shared"] > 0) | (columns["_both_open"] > 0)
                       | ((left_cues & right_cues & CIRCUMSTANCE_CUES) != 0))
    out, circumstance = np.zeros(len(view.a)), np.zeros(len(view.a))
    for k in np.flatnonzero(about_one_point & may_contradict(left_cues, right_cues)):
        reasons = contradictions(view.left[view.a[k]].text, view.right[view.b[k]].text)
        if reasons:
            out[k] = 1.0
            circumstance[k] = float(any(r.startswith(CIRCUMSTANCE_REASONS) for r in reasons))
    return {"contradiction": out, "contradiction_circumstance": circumstance}


# In the order they run: a group may read the columns of the groups before it.
FEATURE_GROUPS = (_lexical_ranks, _wording, _topics_shared, _named_things, _the_event, _position, _speakers, _lengths,
                  _contradiction)


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
    rows, cols = pair_arrays(pairs)
    matrix[rows, cols] = first
    ranks = _rank_features(matrix, pairs)
    likely = matrix >= 0.3
    row_count = likely.sum(axis=1)[rows] - likely[rows, cols]
    col_count = likely.sum(axis=0)[cols] - likely[rows, cols]
    extra = np.stack([np.minimum(row_count, 4) / 4.0, np.minimum(col_count, 4) / 4.0], axis=1)
    return np.concatenate([ranks, extra], axis=1).astype(np.float32)


GRAM_MATRIX_LIMIT = 4_000_000  # cells of the dense claims × grams matrices; beyond, pair by pair


def _gram_cosines(view: PairView) -> np.ndarray:
    """Character 4-gram cosine of every pair: a matrix product when the matrices stay small, else
    each pair's sum over the grams of its claim with fewer of them, in that claim's order."""
    left, right, width = gram_rows(view.left_facts, view.right_facts)
    n, m = len(left), len(right)
    if width and (n + m) * width <= GRAM_MATRIX_LIMIT and n * m <= ALL_PAIRS_UP_TO:
        # columns in the order the grams first occur, claim after claim (the product's order of terms)
        _, first = np.unique(np.concatenate([left.ids, right.ids]), return_index=True)
        column = np.empty(width, dtype=np.int64)
        column[np.argsort(first)] = np.arange(width)

        def dense(rows: SparseRows) -> np.ndarray:
            out = np.zeros((len(rows), width))
            out[np.repeat(np.arange(len(rows)), rows.sizes), column[rows.ids]] = rows.values
            return out

        return (dense(left) @ dense(right).T)[view.a, view.b]
    out = np.zeros(len(view.a))
    from_left = left.sizes[view.a] <= right.sizes[view.b]
    out[from_left] = left.dot(view.a[from_left], right, view.b[from_left])
    out[~from_left] = right.dot(view.b[~from_left], left, view.a[~from_left])
    return out


def gram_rows(*sides: Sequence[ClaimFacts]) -> tuple:
    """Each side's claims' character 4-grams of their terms ("#term#": "#ter", "term", "erm#"), one
    row per claim in the order each gram first occurs, unit length (a claim's dict of grams), one
    numbering of the grams for all the sides. Returns the sides' ``SparseRows`` and the number of grams."""
    flat = [t for side in sides for facts in side for t in facts.tokens]
    per_claim = np.fromiter((len(facts.tokens) for side in sides for facts in side), dtype=np.int64)
    claims = len(per_claim)
    # the grams of each distinct term, once
    terms = list(dict.fromkeys(flat))
    term_of = {t: k for k, t in enumerate(terms)}
    occurrence = np.fromiter(map(term_of.__getitem__, flat), dtype=np.int64, count=len(flat))
    term_grams, gram = _grams_of(terms)
    # each term occurrence's grams, claim after claim, then each claim's distinct grams and their counts
    counts = term_grams[occurrence]
    gram_start = np.concatenate([[0], np.cumsum(term_grams)])
    _, at = ranges(gram_start[occurrence], counts)
    claim = np.repeat(np.repeat(np.arange(claims), per_claim), counts)
    width = int(gram.max()) + 1 if len(gram) else 0
    claim, ids, count = first_occurrences(claim, gram[at], width)
    count = count.astype(np.float64)
    norm = np.sqrt(np.bincount(claim, weights=count * count, minlength=claims))  # whole counts: exact in any order
    norm[norm == 0] = 1.0
    values = count / norm[claim]
    sizes = np.bincount(claim, minlength=claims)
    out, row, lo = [], 0, 0
    for side in sides:
        start = np.concatenate([[0], np.cumsum(sizes[row:row + len(side)])])
        out.append(SparseRows(start, ids[lo:lo + start[-1]], width, values[lo:lo + start[-1]]))
        row, lo = row + len(side), lo + int(start[-1])
    return (*out, width)


def _grams_of(terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(grams of each term, their ids one after another): "#term#" cut in four-character grams (a
    term of one letter: one gram of three), the same gram the same id."""
    if not terms:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    text = "\0".join(f"#{t}#" for t in terms) + "\0\0\0"
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    padded = np.fromiter((len(t) + 2 for t in terms), dtype=np.int64, count=len(terms))
    begins = np.concatenate([[0], np.cumsum(padded + 1)[:-1]])
    grams = np.maximum(1, padded - 3)
    _, at = ranges(begins, grams)
    if chars.max() < 1 << 16:
        code = (chars[at] << 48) | (chars[at + 1] << 32) | (chars[at + 2] << 16) | chars[at + 3]
    else:  # characters beyond 16 bits: number the grams by their text
        seen: dict[str, int] = {}
        code = np.array([seen.setdefault(text[p:p + 4].rstrip("\0"), len(seen)) for p in at.tolist()], dtype=np.uint64)
    _, ids = np.unique(code, return_inverse=True)
    return grams, ids.ravel().astype(np.int64)


def _speaker_id(claim: Claim, known: dict[str, int]) -> int:
    """A number for the person who speaks (the same number for the same person), -1 for a
    collective or a speaker not known (as ``speakers_of``)."""
    if not claim.speaker or _COLLECTIVE.search(claim.speaker.lower()):
        return -1
    return known.setdefault(fold(claim.speaker), len(known))


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
