"""Similarity of the candidate pairs of two long accounts, kept as a table instead of a matrix.

Two accounts of 10,000 claims each would need a 100-million-cell matrix per similarity; only
their candidate pairs (``core.candidates``) are worth scoring, so :class:`PairScores` keeps
those pairs' values (float32) and a function that scores any other pair exactly when a feature
needs it (the neighbouring claims). It answers what the features ask of a similarity matrix:
one pair's value (``scores[a, b]``), the shape, and the rank features (best in its row or
column, share of that best, margin over the runner-up, the neighbours' value), worked out
from the candidate lists. Where a value outside the table is known to be 0 (the scorer's first
stage gives 0 to every pair it did not score), the answers are exactly the dense matrix's.
Standard library and numpy.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Lookup = Callable[[np.ndarray, np.ndarray], np.ndarray]  # rows, cols -> exact values of those pairs


class Pairs(list):
    """Candidate pairs (left claim, right claim): a list of tuples that also keeps them as two
    arrays, so that each feature and scoring step reads them without converting 100,000 tuples."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray):
        self.rows = np.asarray(rows, dtype=np.int64)
        self.cols = np.asarray(cols, dtype=np.int64)
        super().__init__(zip(self.rows.tolist(), self.cols.tolist()))


def pair_arrays(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(left claims, right claims) of the pairs, as arrays."""
    if isinstance(pairs, Pairs):
        return pairs.rows, pairs.cols
    rows = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    return rows, cols


class PairScores:
    """Values of a set of (left, right) claim pairs of an n × m comparison."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int],
                 lookup: Lookup | None = None):
        n, m = shape
        self.shape = (int(n), int(m))
        key = np.asarray(rows, dtype=np.int64) * m + np.asarray(cols, dtype=np.int64)
        order = np.argsort(key, kind="stable")
        self.keys = key[order]
        self.rows = np.asarray(rows, dtype=np.int64)[order]
        self.cols = np.asarray(cols, dtype=np.int64)[order]
        self.values = np.asarray(values, dtype=np.float32)[order]
        self._lookup = lookup  # None: a pair outside the table is worth 0
        self._dict: dict[tuple[int, int], float] | None = None
        self._best: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # per axis, worked out once

    @classmethod
    def of_pairs(cls, pairs: list[tuple[int, int]], values: np.ndarray, shape: tuple[int, int],
                 lookup: Lookup | None = None) -> "PairScores":
        rows, cols = pair_arrays(pairs)
        return cls(rows, cols, values, shape, lookup)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        if self._dict is None:
            self._dict = {(int(a), int(b)): float(v) for a, b, v in zip(self.rows, self.cols, self.values)}
        found = self._dict.get((int(pair[0]), int(pair[1])))
        if found is None:
            found = float(self.at(np.array([pair[0]]), np.array([pair[1]]))[0])
        return found

    def at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Values of any pairs: from the table, else scored now (or 0); 0 outside the accounts."""
        n, m = self.shape
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        out = np.zeros(len(rows), dtype=np.float64)
        inside = (rows >= 0) & (rows < n) & (cols >= 0) & (cols < m)
        key = rows * m + cols
        pos = np.searchsorted(self.keys, key)
        pos = np.minimum(pos, max(len(self.keys) - 1, 0))
        known = inside & (len(self.keys) > 0)
        if len(self.keys):
            known &= self.keys[pos] == key
            out[known] = self.values[pos[known]]
        missing = inside & ~known
        if self._lookup is not None and missing.any():
            out[missing] = self._lookup(rows[missing], cols[missing])
        return out

    def _best_of(self, axis: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if axis not in self._best:
            self._best[axis] = self._best_two(self.rows, self.shape[0]) if axis == "rows" else self._best_two(self.cols, self.shape[1])
        return self._best[axis]

    def _best_two(self, by: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row (or column): best value, runner-up (0 when none) and how many pairs are >= 0.3."""
        best = np.zeros(size)
        second = np.zeros(size)
        if len(by):
            order = np.lexsort((-self.values, by))
            grouped, values = by[order], self.values[order].astype(np.float64)
            first = np.ones(len(grouped), dtype=bool)
            first[1:] = grouped[1:] != grouped[:-1]
            best[grouped[first]] = values[first]
            after_first = np.zeros(len(grouped), dtype=bool)
            after_first[1:] = first[:-1] & ~first[1:]  # the second entry of each group
            second[grouped[after_first]] = np.maximum(values[after_first], 0.0)
        likely = np.bincount(by[self.values >= 0.3], minlength=size) if len(by) else np.zeros(size, dtype=np.int64)
        return best, second, likely

    def rank_features(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """The eight columns of ``features._rank_features`` for ``pairs``, from the candidate lists."""
        n, m = self.shape
        rows, cols = pair_arrays(pairs)
        value = self.at(rows, cols)
        row_best, row_second, _ = self._best_of("rows")
        col_best, col_second, _ = self._best_of("cols")
        row_best, row_second, col_best, col_second = row_best.copy(), row_second.copy(), col_best.copy(), col_second.copy()
        if m <= 1:
            row_second[:] = 0.0
        if n <= 1:
            col_second[:] = 0.0
        # a pair asked for but not in the table still counts in its row and column
        row_best_of, col_best_of = np.maximum(row_best[rows], value), np.maximum(col_best[cols], value)
        is_row_best = (value >= row_best_of - 1e-9).astype(float)
        is_col_best = (value >= col_best_of - 1e-9).astype(float)
        row_share = value / np.maximum(row_best_of, 1e-6)
        col_share = value / np.maximum(col_best_of, 1e-6)
        row_other = np.where(is_row_best > 0, row_second[rows], row_best_of)
        col_other = np.where(is_col_best > 0, col_second[cols], col_best_of)
        neighbours = np.maximum(self.at(rows - 1, cols - 1), self.at(rows + 1, cols + 1))
        return np.stack([value, is_row_best, is_col_best, row_share, col_share, value - row_other, value - col_other,
                         neighbours], axis=1)

    def likely_counts(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """How many other pairs of each pair's row and column reach 0.3 (capped at 4, over 4)."""
        n, m = self.shape
        rows, cols = pair_arrays(pairs)
        _, _, row_likely = self._best_of("rows")
        _, _, col_likely = self._best_of("cols")
        own = (self.at(rows, cols) >= 0.3).astype(np.int64)
        row_count = row_likely[rows] - own
        col_count = col_likely[cols] - own
        return np.stack([np.minimum(row_count, 4) / 4.0, np.minimum(col_count, 4) / 4.0], axis=1)
