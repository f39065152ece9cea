"""Candidate pairs for long accounts: an inverted index over terms, nearest neighbours over embeddings.

Up to ``features.ALL_PAIRS_UP_TO`` pairs every pair of claims is scored (the dense matrices of
``align.matrices``). Beyond, two accounts of n and m claims would cost n × m cells per matrix
(two 2 MB accounts: 27,000 × 27,000 float64, 5.5 GiB); here each claim finds its few likeliest
partners instead, in time and memory that grow with the accounts' length, not its square:

- lexical: the TF-IDF vectors of :class:`core.similarity.LexicalMatcher` (same terms, same
  weights) as sparse rows; an inverted index walks each term's claims, rarest terms first, and
  stops using a term once the pairs generated reach ``PAIRS_PER_CLAIM`` per claim (the commonest
  terms weigh least and pair everything with everything). Each claim keeps its ``TOP_K`` best
  by that score, in each direction; the kept pairs are then scored exactly with every term.
  Enumerated parts of a claim (``align.parts``) are searched the same way, at 0.7.
- semantic (the extra): the centred embeddings of ``SemanticMatcher.cosine``, multiplied a block
  of rows at a time (float32), each claim keeping its ``TOP_K`` nearest in each direction.

The result is a :class:`core.scores.PairScores` per similarity, which the features read like a
matrix, plus the candidate pairs (and the pairs the event's facets force). Standard library and numpy.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np

from .scores import Pairs, PairScores
from .sparse import SparseRows, first_occurrences

TOP_K = 8  # each claim's best candidates by each similarity, in each direction (as features.TOP_K)
PAIRS_PER_CLAIM = 100  # pairs the index may generate per claim before it stops using common terms
BLOCK_PAIRS = 400_000  # pairs generated at once (bounds the index search's memory)
BLOCK_CELLS = 4_000_000  # embedding cosines computed at once (float32: 16 MB)
PART_WEIGHT = 0.7  # as align.matrices: the best part of an enumerating claim counts at 0.7


class TermRows:
    """Unit-length TF-IDF rows of some texts' terms, as sparse arrays (claim, term id, weight)."""

    def __init__(self, documents: Sequence[Sequence[str]], index: dict[str, int], idf: np.ndarray):
        # each document's terms once, in the order they first occur, with their counts (a Counter's)
        lengths = np.fromiter((len(doc) for doc in documents), dtype=np.int64, count=len(documents))
        flat = np.fromiter((index[t] for doc in documents for t in doc), dtype=np.int64, count=int(lengths.sum()))
        row, term, count = first_occurrences(np.repeat(np.arange(len(documents)), lengths), flat, len(index))
        # (1 + log count) · idf, over the row's norm: the same operations, value by value, as a loop
        dampened = np.array([0.0] + [1.0 + math.log(c) for c in range(1, int(count.max(initial=0)) + 1)])
        w = dampened[count] * np.asarray(idf, dtype=np.float64)[term]
        norm = np.sqrt(np.bincount(row, weights=w * w, minlength=len(documents)))  # added in row order
        norm[norm == 0] = 1.0
        self.size = len(documents)
        self.vocabulary = len(index)
        self.row = row
        self.term = term
        self.weight = (w / norm[row]).astype(np.float32)
        self.start = np.searchsorted(self.row, np.arange(self.size + 1))  # rows are already in order
        self._sparse = SparseRows(self.start, self.term, self.vocabulary, self.weight)

    def df(self) -> np.ndarray:
        return np.bincount(self.term, minlength=self.vocabulary)

    def dot(self, mine: np.ndarray, other: "TermRows", theirs: np.ndarray) -> np.ndarray:
        """Exact cosine of pairs (mine[k] of these rows, theirs[k] of ``other``), every term counted
        (summed over ``other``'s terms, in its row's order)."""
        if len(mine) == 0:
            return np.zeros(0)
        return np.clip(other._sparse.dot(np.asarray(theirs, dtype=np.int64), self._sparse, np.asarray(mine, dtype=np.int64)), 0.0, 1.0)


def tfidf_rows(left_terms: Sequence[Sequence[str]], right_terms: Sequence[Sequence[str]]) -> tuple[TermRows, TermRows]:
    """Both sides' rows with the lexical matcher's weights (idf over the texts being compared)."""
    documents = list(left_terms) + list(right_terms)
    df = Counter(term for doc in documents for term in set(doc))
    n = len(documents)
    index = {term: k for k, term in enumerate(df)}
    idf = np.array([math.log((n + 1 + 20) / (count + 0.5)) for count in df.values()])
    return TermRows(left_terms, index, idf), TermRows(right_terms, index, idf)


def _top_per_group(group: np.ndarray, other: np.ndarray, values: np.ndarray, k: int):
    """The k highest values of each group (ties: the lower ``other`` first, so runs repeat)."""
    if len(group) == 0:
        return group, other, values
    # only entries at or above their group's k-th distinct best can be among its k best: sort those
    keep = values >= _kth_distinct_best(group, values, k)[group]
    group, other, values = group[keep], other[keep], values[keep]
    order = _by_group_best_first(group, other, values)
    group, other, values = group[order], other[order], values[order]
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    starts = np.flatnonzero(first)
    rank = np.arange(len(group)) - np.repeat(starts, np.diff(np.append(starts, len(group))))
    keep = rank < k
    return group[keep], other[keep], values[keep]


def _kth_distinct_best(group: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Each group's k-th highest distinct value (-inf for a group with fewer distinct values)."""
    size = int(group.max()) + 1
    best = np.full(size, -np.inf)
    below = values  # the values below every best found so far (the others: -inf)
    for _ in range(k):
        best = np.full(size, -np.inf)
        np.maximum.at(best, group, below)
        below = np.where(below < best[group], below, -np.inf)
    return best


def _distinct(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` by a stable sort, which runs of keys already in order
    (each claim's pairs, term by term) make several times faster than unique's own."""
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _by_group_best_first(group: np.ndarray, other: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The order of ``np.lexsort((other, -values, group))``, by one sort of integers: each value
    replaced by its rank among the values (a three-key sort is three sorts)."""
    distinct, rank = np.unique(values, return_inverse=True)
    span_rank, span_other = len(distinct), int(other.max()) + 1
    if (int(group.max()) + 1) * span_rank * span_other >= 2**62 or group.min() < 0 or other.min() < 0:
        return np.lexsort((other, -values, group))
    key = (group.astype(np.int64) * span_rank + (span_rank - 1 - rank.ravel())) * span_other + other
    return np.argsort(key, kind="stable")


def index_search(left: TermRows, right: TermRows, k: int = TOP_K) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's k likeliest partners on the other side (both directions) by shared terms.

    Terms are used rarest first (fewest pairs generated) until ``PAIRS_PER_CLAIM`` pairs per
    claim are reached; the pairs are ranked by the weight of the terms used."""
    df_left, df_right = left.df(), right.df()
    cost = df_left * df_right
    order = np.argsort(cost, kind="stable")
    budget = PAIRS_PER_CLAIM * (left.size + right.size)
    used = np.zeros(len(cost), dtype=bool)
    used[order[np.cumsum(cost[order]) <= budget]] = True
    # postings of the right side's used terms, grouped by term
    kept = used[right.term]
    r_term, r_row, r_weight = right.term[kept], right.row[kept], right.weight[kept]
    by_term = np.argsort(r_term, kind="stable")
    r_term, r_row, r_weight = r_term[by_term], r_row[by_term], r_weight[by_term]
    post_start = np.searchsorted(r_term, np.arange(len(cost) + 1))
    # the left side's entries with used terms, in row order, cut into blocks of bounded work
    kept = used[left.term]
    l_row, l_term, l_weight = left.row[kept], left.term[kept], left.weight[kept]
    work = df_right[l_term]
    rows_out, cols_out, col_rows, col_cols, col_vals = [], [], [], [], []
    bounds = np.searchsorted(np.cumsum(work), np.arange(BLOCK_PAIRS, work.sum() + BLOCK_PAIRS, BLOCK_PAIRS))
    lo = 0
    for hi in list(bounds) + [len(l_row)]:
        hi = int(min(max(hi, lo), len(l_row)))
        # never split one claim's entries across blocks: its row best must see all its pairs
        while hi < len(l_row) and hi > 0 and l_row[hi] == l_row[hi - 1]:
            hi += 1
        if hi <= lo:
            continue
        counts = work[lo:hi]
        entry = np.repeat(np.arange(lo, hi), counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        posting = post_start[l_term[entry]] + within
        a, b = l_row[entry], r_row[posting]
        v = l_weight[entry].astype(np.float64) * r_weight[posting]
        key, inverse = _distinct(a * right.size + b)
        v = np.bincount(inverse, weights=v, minlength=len(key))
        a, b = key // right.size, key % right.size
        ra, rb, _ = _top_per_group(a, b, v, k)
        rows_out.append(ra)
        cols_out.append(rb)
        cb, ca, cv = _top_per_group(b, a, v, k)  # each column's best within this block
        col_rows.append(ca)
        col_cols.append(cb)
        col_vals.append(cv)
        lo = hi
    if col_cols:
        cb, ca, _ = _top_per_group(np.concatenate(col_cols), np.concatenate(col_rows), np.concatenate(col_vals), k)
        rows_out.append(ca)
        cols_out.append(cb)
    if not rows_out:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows_out), np.concatenate(cols_out)


def nearest(a: np.ndarray, b: np.ndarray, k: int = TOP_K) -> tuple[np.ndarray, np.ndarray]:
    """Each row's k nearest of the other side and each column's k nearest rows (cosine of unit
    vectors), a block of rows at a time: no n × m matrix is held."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    kr, kc = min(k, m), min(k, n)
    step = max(1, BLOCK_CELLS // m)
    rows_out, cols_out = [], []
    col_best_v = np.full((0, m), -np.inf, dtype=np.float32)
    col_best_i = np.zeros((0, m), dtype=np.int64)
    for lo in range(0, n, step):
        block = a[lo:lo + step] @ b.T
        top = np.argpartition(-block, kr - 1, axis=1)[:, :kr]
        rows_out.append(np.repeat(np.arange(lo, lo + len(block)), kr))
        cols_out.append(top.ravel())
        # keep each column's k best rows so far
        kb = min(kc, len(block))
        best_here = np.argpartition(-block, kb - 1, axis=0)[:kb, :]
        values = np.concatenate([col_best_v, np.take_along_axis(block, best_here, axis=0)])
        index = np.concatenate([col_best_i, best_here + lo])
        if len(values) > kc:
            keep = np.argpartition(-values, kc - 1, axis=0)[:kc, :]
            values, index = np.take_along_axis(values, keep, axis=0), np.take_along_axis(index, keep, axis=0)
        col_best_v, col_best_i = values, index
    rows_out.append(col_best_i.ravel())
    cols_out.append(np.tile(np.arange(m), len(col_best_i)))
    return np.concatenate(rows_out), np.concatenate(cols_out)


def cosine_of_pairs(a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    out = np.empty(len(rows), dtype=np.float64)
    for lo in range(0, len(rows), 100_000):
        r, c = rows[lo:lo + 100_000], cols[lo:lo + 100_000]
        out[lo:lo + len(r)] = np.einsum("ij,ij->i", a[r], b[c])
    return np.clip(out, 0.0, 1.0)


class PartRows:
    """The enumerated parts of one side's claims against the other side's claims, as TF-IDF rows
    (weighted over the parts and those claims, as ``align._part_similarity`` does)."""

    def __init__(self, parts: Sequence[Sequence[Sequence[str]]], other_terms: Sequence[Sequence[str]]):
        owners, texts = [], []
        for owner, pieces in enumerate(parts):
            for piece in pieces:
                owners.append(owner)
                texts.append(piece)
        self.owner = np.asarray(owners, dtype=np.int64)
        self.rows, self.others = tfidf_rows(texts, other_terms)
        # a claim's parts, grouped: owner -> its part rows
        self.first = np.searchsorted(self.owner, np.arange(len(parts) + 1))

    def best(self, claims: np.ndarray, others: np.ndarray) -> np.ndarray:
        """For pairs (claim, other claim): the best part of the claim against the other claim (0 when none)."""
        counts = self.first[claims + 1] - self.first[claims]
        out = np.zeros(len(claims), dtype=np.float64)
        if counts.sum() == 0:
            return out
        pair = np.repeat(np.arange(len(claims)), counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        part = self.first[claims][pair] + within
        values = self.rows.dot(part, self.others, others[pair])
        np.maximum.at(out, pair, values)
        return out

    def search(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(claim, other claim) pairs where a part of the claim is among the other's likeliest."""
        if len(self.owner) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        parts, others = index_search(self.rows, self.others, k)
        return self.owner[parts], others


def lexical_candidates(left_terms, right_terms, left_parts, right_parts, k: int = TOP_K):
    """(candidate rows, candidate cols, scores) by the lexical similarity of ``align.matrices``:
    the TF-IDF cosine, or the best enumerated part at 0.7 when higher."""
    left_rows, right_rows = tfidf_rows(left_terms, right_terms)
    left_part = PartRows(left_parts, right_terms)
    right_part = PartRows(right_parts, left_terms)
    found = [index_search(left_rows, right_rows, k), left_part.search(k)]
    b, a = right_part.search(k)
    found.append((a, b))

    def lookup(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        whole = left_rows.dot(rows, right_rows, cols)
        parts = np.maximum(left_part.best(rows, cols), right_part.best(cols, rows))
        return np.maximum(whole, PART_WEIGHT * parts)

    rows = np.concatenate([f[0] for f in found])
    cols = np.concatenate([f[1] for f in found])
    return rows, cols, lookup


def long_evidence(left_terms, right_terms, left_parts, right_parts, embeddings=None,
                  forced: set[tuple[int, int]] = frozenset(), k: int = TOP_K):
    """(pairs, lexical scores, semantic scores or None) of two long accounts.

    ``*_terms``: each claim's analysed terms; ``*_parts``: the terms of each claim's enumerated
    parts; ``embeddings``: the centred unit embeddings of both sides, with the extra."""
    n, m = len(left_terms), len(right_terms)
    rows, cols, lookup = lexical_candidates(left_terms, right_terms, left_parts, right_parts, k)
    all_rows, all_cols = [rows], [cols]
    semantic = None
    if embeddings is not None:
        a, b = embeddings
        sr, sc = nearest(a, b, k)
        all_rows.append(sr)
        all_cols.append(sc)
    if forced:
        all_rows.append(np.fromiter((p[0] for p in forced), dtype=np.int64, count=len(forced)))
        all_cols.append(np.fromiter((p[1] for p in forced), dtype=np.int64, count=len(forced)))
    key = np.unique(np.concatenate(all_rows) * m + np.concatenate(all_cols))
    rows, cols = key // m, key % m
    lexical = PairScores(rows, cols, lookup(rows, cols), (n, m), lookup)
    if embeddings is not None:
        a, b = embeddings
        semantic = PairScores(rows, cols, cosine_of_pairs(a, b, rows, cols), (n, m),
                              lambda r, c: cosine_of_pairs(a, b, r, c))
    pairs = Pairs(rows, cols)
    return pairs, lexical, semantic
