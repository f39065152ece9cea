"""Many claims' sets and weighted vectors as sparse arrays, and what pairs of claims share.

The pair features read, for tens of thousands of candidate pairs, how many terms, topics, names
or numbers two claims share and how alike their character grams are. Asked pair by pair of
Python sets and dicts, that is most of a long comparison's time; here each claim's items are a
row of ids (in the order the claim gives them) with a sorted index of (row, id), and a batch of
pairs is answered at once: every entry of one side's row is looked up in the other side's row.

Sums run in each row's own order, term after term, as a Python loop over the row would add
them: a feature is the same number to the last bit whichever way it is computed.
Standard library and numpy.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Iterator, Sequence

import numpy as np

CHUNK_ENTRIES = 1 << 20  # row entries expanded at once (bounds the memory of a batch of pairs)


class SparseRows:
    """Rows of (id, value) entries; row r's entries are ``ids[start[r]:start[r + 1]]`` in its own order."""

    def __init__(self, start: np.ndarray, ids: np.ndarray, width: int, values: np.ndarray | None = None):
        self.start = np.asarray(start, dtype=np.int64)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.values = None if values is None else np.asarray(values, dtype=np.float64)
        self.width = max(1, int(width))
        self.sizes = np.diff(self.start)
        key = np.repeat(np.arange(len(self.sizes), dtype=np.int64), self.sizes) * self.width + self.ids
        order = np.argsort(key, kind="stable")
        self._key = key[order]
        self._key_value = None if self.values is None else self.values[order]

    def __len__(self) -> int:
        return len(self.sizes)

    def _expanded(self, rows: np.ndarray) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """(lo, hi, pair, entry) for slices of ``rows``: each pair's entries of its row, in row order,
        ``pair`` counted from lo; a slice holds about ``CHUNK_ENTRIES`` entries."""
        counts = self.sizes[rows]
        ends = np.cumsum(counts)
        lo = 0
        while lo < len(rows):
            done = ends[lo - 1] if lo else 0
            hi = int(np.searchsorted(ends, done + CHUNK_ENTRIES, side="right"))
            hi = min(len(rows), max(hi, lo + 1))
            c = counts[lo:hi]
            pair = np.repeat(np.arange(hi - lo), c)
            within = np.arange(len(pair)) - np.repeat(np.cumsum(c) - c, c)
            yield lo, hi, pair, self.start[rows[lo:hi]][pair] + within
            lo = hi

    def _find(self, rows: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in the sorted index, found) of the entries (rows[k], ids[k])."""
        key = rows * self.width + ids
        if len(self._key) == 0:
            return np.zeros(len(key), dtype=np.int64), np.zeros(len(key), dtype=bool)
        pos = np.minimum(np.searchsorted(self._key, key), len(self._key) - 1)
        return pos, self._key[pos] == key

    def shared(self, mine: np.ndarray, other: "SparseRows", theirs: np.ndarray) -> np.ndarray:
        """For each pair k: how many ids row mine[k] here and row theirs[k] of ``other`` both hold."""
        out = np.zeros(len(mine), dtype=np.int64)
        for lo, hi, pair, entry in self._expanded(mine):
            _, hit = other._find(theirs[lo:hi][pair], self.ids[entry])
            out[lo:hi] = np.bincount(pair, weights=hit, minlength=hi - lo).astype(np.int64)
        return out

    def dot(self, mine: np.ndarray, other: "SparseRows", theirs: np.ndarray) -> np.ndarray:
        """For each pair k: the sum over row mine[k]'s entries, in its order, of its value times
        the value ``other``'s row theirs[k] gives the same id (nothing added when it has none)."""
        out = np.zeros(len(mine), dtype=np.float64)
        for lo, hi, pair, entry in self._expanded(mine):
            pos, hit = other._find(theirs[lo:hi][pair], self.ids[entry])
            product = self.values[entry[hit]] * other._key_value[pos[hit]]
            # bincount adds each bin's weights one after another, in the order given
            out[lo:hi] = np.bincount(pair[hit], weights=product, minlength=hi - lo)
        return out


def set_rows(*sides: Sequence[Iterable[Hashable]]) -> tuple[SparseRows, ...]:
    """Each side's claims' sets of items as rows of ids, one numbering for all the sides."""
    index: dict[Hashable, int] = {}
    out = []
    for sets in sides:
        ids: list[int] = []
        sizes = np.zeros(len(sets) + 1, dtype=np.int64)
        for row, items in enumerate(sets):
            before = len(ids)
            ids.extend(index.setdefault(item, len(index)) for item in items)
            sizes[row + 1] = len(ids) - before
        out.append((np.cumsum(sizes), np.asarray(ids, dtype=np.int64)))
    return tuple(SparseRows(start, ids, len(index)) for start, ids in out)
