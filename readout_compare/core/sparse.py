"""Many claims' sets and weighted vectors as sparse arrays, and what pairs of claims share.

The pair features read, for tens of thousands of candidate pairs, how many terms, topics, names
or numbers two claims share and how alike their character grams are. Asked pair by pair of
Python sets and dicts, that is most of a long comparison's time; here each claim's items are a
row of ids (in the order the claim gives them), and a batch of pairs is answered at once: every
entry of one side's row is looked up in the other side's row, a block of rows at a time in a
small dense table (``SparseRows``).

Sums run in each row's own order, term after term, as a Python loop over the row would add
them: a feature is the same number to the last bit whichever way it is computed.
Standard library and numpy.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Sequence

import numpy as np

BLOCK_ENTRIES = 2048  # entries of the looked-up rows tabled densely at once ...
BLOCK_ROWS = 128  # ... and rows: a table of at most 128 × 2048 cells (2 MB, in cache)


class SparseRows:
    """Rows of (id, value) entries; row r's entries are ``ids[start[r]:start[r + 1]]`` in its own order,
    each id once a row (a set's items: value 1). An entry of value 0 counts as absent.

    Pairs (row of one table, row of another) are answered a block of the looked-up table's rows at
    a time: those rows' entries go into a small dense table (rows × the ids they hold), and every
    entry of the asking rows is one look-up in it, not a search."""

    def __init__(self, start: np.ndarray, ids: np.ndarray, width: int, values: np.ndarray | None = None):
        self.start = np.asarray(start, dtype=np.int64)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.values = None if values is None else np.asarray(values, dtype=np.float64)
        self.width = max(1, int(width))
        self.sizes = np.diff(self.start)

    def __len__(self) -> int:
        return len(self.sizes)

    def shared(self, mine: np.ndarray, other: "SparseRows", theirs: np.ndarray) -> np.ndarray:
        """For each pair k: how many ids row mine[k] here and row theirs[k] of ``other`` both hold."""
        out = np.zeros(len(mine), dtype=np.int64)
        for block, pair, _entry, found, _value in other._look_up(theirs, self, mine):
            out[block] = np.bincount(pair, weights=found, minlength=len(block)).astype(np.int64)
        return out

    def dot(self, mine: np.ndarray, other: "SparseRows", theirs: np.ndarray) -> np.ndarray:
        """For each pair k: the sum over row mine[k]'s entries, in its order, of its value times
        the value ``other``'s row theirs[k] gives the same id (nothing added when it has none)."""
        out = np.zeros(len(mine), dtype=np.float64)
        for block, pair, entry, found, value in other._look_up(theirs, self, mine):
            product = self.values[entry[found]] * value[found]
            # bincount adds each bin's weights one after another, in the order given: the row's order
            out[block] = np.bincount(pair[found], weights=product, minlength=len(block))
        return out

    def holds(self, mine: np.ndarray, other: "SparseRows", theirs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pair, entry, found): every entry of row mine[k] here, pair after pair and in row order,
        and whether row theirs[k] of ``other`` holds its id."""
        pair, entry = ranges(self.start[mine], self.sizes[mine])
        offset = np.cumsum(self.sizes[mine]) - self.sizes[mine]
        found = np.zeros(len(pair), dtype=bool)
        for block, local, at, hit, _value in other._look_up(theirs, self, mine):
            k = block[local]  # the pair of each entry: its place is the pair's offset and the entry's within the row
            found[offset[k] + at - self.start[mine[k]]] = hit
        return pair, entry, found

    def _look_up(self, theirs: np.ndarray, asking: "SparseRows", mine: np.ndarray):
        """For the pairs (row mine[k] of ``asking``, row theirs[k] here), a block of this table's rows
        at a time: (the block's pairs k; then for each of asking's entries of those pairs, pair after
        pair and in row order: which of the block's pairs, the entry, whether this table's row holds
        its id, and the value it gives it)."""
        if len(theirs) == 0:
            return
        order = np.argsort(theirs, kind="stable")
        rows = theirs[order]
        local = np.full(max(self.width, asking.width), -1, dtype=np.int64)  # id -> column of the block's table
        ends = np.cumsum(self.sizes)
        r0 = int(rows[0])
        while r0 < len(self):
            # the block: rows r0 .. r1 - 1, about BLOCK_ENTRIES entries and at most BLOCK_ROWS rows
            r1 = int(np.searchsorted(ends, (ends[r0 - 1] if r0 else 0) + BLOCK_ENTRIES, side="right"))
            r1 = min(max(r0 + 1, r1), r0 + BLOCK_ROWS, len(self))
            lo, hi = np.searchsorted(rows, [r0, r1])
            block = order[lo:hi]
            ids = self.ids[self.start[r0]:self.start[r1]]
            local[ids] = np.arange(len(ids))  # an id held by several rows: one column (its last entry's)
            table = np.zeros((r1 - r0, max(1, len(ids))))
            row_of = np.repeat(np.arange(r1 - r0), self.sizes[r0:r1])
            table[row_of, local[ids]] = 1.0 if self.values is None else self.values[self.start[r0]:self.start[r1]]
            pair, entry = ranges(asking.start[mine[block]], asking.sizes[mine[block]])
            column = local[asking.ids[entry]]
            value = np.where(column >= 0, table[theirs[block][pair] - r0, np.maximum(column, 0)], 0.0)
            found = value != 0  # held by the row asked (another row of the block may hold the id)
            local[ids] = -1
            yield block, pair, entry, found, value
            r0 = int(rows[hi]) if hi < len(rows) else len(self)  # on to the next row asked for


def ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, index): for each k the indexes starts[k] .. starts[k] + counts[k] - 1, one after
    another, and which k each belongs to (a row's entries, a term's grams, a posting list)."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    return owner, np.repeat(np.asarray(starts, dtype=np.int64) - (np.cumsum(counts) - counts), counts) + np.arange(len(owner))


def set_rows(*sides: Sequence[Iterable[Hashable]], index: dict[Hashable, int] | None = None) -> tuple[SparseRows, ...]:
    """Each side's claims' sets of items as rows of ids (in each set's iteration order), one numbering
    for all the sides: ``index`` (item -> id) is filled as the items come."""
    index = {} if index is None else index
    out = []
    for sets in sides:
        sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
        flat = [item for items in sets for item in items]
        for item in dict.fromkeys(flat):  # new items numbered in the order they first come
            if item not in index:
                index[item] = len(index)
        ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
        out.append((np.concatenate([[0], np.cumsum(sizes)]), ids))
    return tuple(SparseRows(start, ids, len(index)) for start, ids in out)


def first_occurrences(row: np.ndarray, item: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, item, count): each (row, item) of the entries once, with how often it occurs, row after
    row and within a row in the order the items first occur (what a Counter filled row by row keeps).
    ``row`` must not decrease; items are below ``width``."""
    key = np.asarray(row, dtype=np.int64) * max(1, width) + np.asarray(item, dtype=np.int64)
    unique, first, count = np.unique(key, return_index=True, return_counts=True)
    order = np.argsort(first)  # first positions are distinct: any sort gives this order
    key = unique[order]
    return key // max(1, width), key % max(1, width), count[order]

