"""The learned pair scorer: two logistic regressions over ``core.features``, shipped as JSON.

For a candidate pair of claims it gives two calibrated probabilities: that the claims are
counterparts (the same assertion, or the same point disputed), and, if they are not, that they
speak of the same topic (related). Logistic regression keeps the model small and inspectable:
``readout_compare/models/pair_scorer_*.json`` lists each feature's weight by name.

The weights are trained on the corpus (``tests/corpus``) by ``python -m
readout_compare.evaluation.training``; nothing is downloaded. Each shipped file's SHA-256 is
recorded in ``models/CHECKSUMS``; a file that does not match is refused with
:class:`ScorerIntegrityError`. Two models ship: one over the lexical features (the default
install) and one that also reads the semantic extra's embedding features.
Standard library and numpy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

import numpy as np

from .features import CONTEXT_FEATURES, context_features, feature_names
from .scores import pair_arrays
from .sparse import ranges, set_rows

MODELS = "models"
CHECKSUMS = "CHECKSUMS"


class ScorerIntegrityError(RuntimeError):
    """The shipped scorer is missing, unreadable or not the file the project trained."""


@dataclass(frozen=True)
class Logistic:
    """One logistic regression on standardised features: p = σ(w · (x - mean) / scale + b)."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_data(self, names: tuple[str, ...]) -> dict:
        # Rounded: sums over sets of terms run in an order Python's string hashing changes from one
        # process to the next, which moves the last digits; ten are plenty, and retraining then
        # writes the same file byte for byte.
        return {
            "bias": round(float(self.bias), 10),
            "weights": {n: round(float(w), 10) for n, w in zip(names, self.weights)},
            "mean": {n: round(float(v), 10) for n, v in zip(names, self.mean)},
            "scale": {n: round(float(v), 10) for n, v in zip(names, self.scale)},
        }

    @classmethod
    def from_data(cls, data: dict, names: tuple[str, ...]) -> "Logistic":
        return cls(
            np.array([data["weights"][n] for n in names]), float(data["bias"]),
            np.array([data["mean"][n] for n in names]), np.array([data["scale"][n] for n in names]),
        )


@dataclass(frozen=True)
class PairScorer:
    """P(counterpart) and P(related | not counterpart) for the candidate pairs of two accounts.

    Two stages: ``first`` reads a pair's own features; ``counterpart`` reads them together with
    the first stage's probabilities of the pair's rivals and neighbours (``context_features``),
    and gives the calibrated probability shown as the link's confidence."""

    name: str  # "lexical" or "semantic": which features it reads
    features: tuple[str, ...]
    first: Logistic
    counterpart: Logistic
    related: Logistic
    threshold: float = 0.5  # P(counterpart) at or above which a pair is linked as counterparts
    related_threshold: float = 0.5
    # Terms that counterparts use for each other ("ambassador" / "diplomatic mission"), learned
    # from the corpus: (term, term) -> weight, read by the association features.
    associations: dict[tuple[str, str], float] | None = None

    @cached_property
    def _index(self) -> dict[str, dict[str, float]]:
        return association_index(self.associations or {})

    @property
    def semantic(self) -> bool:
        return self.name == "semantic"

    def probabilities(self, x: np.ndarray, pairs: list[tuple[int, int]], shape: tuple[int, int],
                      stems: tuple[list, list]) -> tuple[np.ndarray, np.ndarray]:
        if len(x) == 0:
            return np.zeros(0), np.zeros(0)
        x = np.concatenate([np.asarray(x, dtype=np.float64), association_features(self._index, pairs, stems)], axis=1)
        full = with_context(x, self.first.probability(x), pairs, shape)
        return self.counterpart.probability(full), self.related.probability(full)

    def to_data(self) -> dict:
        return {
            "format": "readout-compare pair scorer",
            "version": 1,
            "name": self.name,
            "features": list(self.features),
            "threshold": self.threshold,
            "associations": [[a, b, round(w, 4)] for (a, b), w in sorted((self.associations or {}).items())],
            "related_threshold": self.related_threshold,
            "first": self.first.to_data(self.features + ASSOCIATION_FEATURES),
            "counterpart": self.counterpart.to_data(self.features + ASSOCIATION_FEATURES + CONTEXT_FEATURES),
            "related": self.related.to_data(self.features + ASSOCIATION_FEATURES + CONTEXT_FEATURES),
        }

    @classmethod
    def from_data(cls, data: dict) -> "PairScorer":
        names = tuple(data["features"])
        associations = {(a, b): float(w) for a, b, w in data.get("associations", ())}
        names_in = names + ASSOCIATION_FEATURES
        full = names_in + CONTEXT_FEATURES
        return cls(
            data["name"], names, Logistic.from_data(data["first"], names_in), Logistic.from_data(data["counterpart"], full),
            Logistic.from_data(data["related"], full),
            float(data.get("threshold", 0.5)), float(data.get("related_threshold", 0.5)), associations,
        )


ASSOCIATION_FEATURES = ("association_best", "association_sum")


def association_index(associations: dict[tuple[str, str], float]) -> dict[str, dict[str, float]]:
    """term -> {associated term: weight}, both ways round."""
    index: dict[str, dict[str, float]] = {}
    for (u, v), w in associations.items():
        index.setdefault(u, {})[v] = w
        index.setdefault(v, {})[u] = w
    return index


ASSOCIATION_CHUNK = 1 << 20  # (pair, term, term) triples looked up at once
DENSE_ASSOCIATIONS = 1 << 22  # term pairs (float64: 32 MB) up to which every pair's weight is tabled


def association_features(index: dict[str, dict[str, float]], pairs: list[tuple[int, int]],
                         stems: tuple[list, list]) -> np.ndarray:
    """The strongest and the summed learned association between the terms only one claim uses.

    For pair (a, b): the weights of the associations (u, v) with u a term of claim a only and v
    a term of claim b only, summed in the order a loop over a's terms, then b's, adds them."""
    out = np.zeros((len(pairs), len(ASSOCIATION_FEATURES)))
    if not index or not pairs:
        return out
    # Only the terms with an association matter: each claim's, in the claim's own order.
    ids: dict = {}
    left, right = set_rows(*([[t for t in terms if t in index] for terms in side] for side in stems), index=ids)
    a, b = pair_arrays(pairs)
    u_start, u = _only_in(left, a, right, b)
    v_start, v = _only_in(right, b, left, a)
    weight = _Associations(index, ids)
    nu, nv = np.diff(u_start), np.diff(v_start)
    triples = nu * nv
    ends = np.cumsum(triples)
    best, total = np.zeros(len(pairs)), np.zeros(len(pairs))
    lo = 0
    while lo < len(pairs):
        hi = min(len(pairs), max(lo + 1, int(np.searchsorted(ends, (ends[lo - 1] if lo else 0) + ASSOCIATION_CHUNK, "right"))))
        pair, within = ranges(np.zeros(hi - lo), triples[lo:hi])
        pair += lo
        # pair by pair, u after u and for each u, v after v: the order of the loops the sum stands for
        w = weight.of(u[u_start[pair] + within // nv[pair]], v[v_start[pair] + within % nv[pair]])
        hit = w != 0  # as `if w`: a pair of terms without a weight adds nothing
        pair, w = pair[hit], w[hit]
        np.maximum.at(best, pair, w)
        total[lo:hi] = np.bincount(pair - lo, weights=w, minlength=hi - lo)
        lo = hi
    out[:, 0] = np.minimum(best, 4.0) / 4.0
    out[:, 1] = np.minimum(total, 8.0) / 8.0
    return out


def _only_in(rows, mine: np.ndarray, other, theirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each pair k: the ids of row mine[k] that row theirs[k] of ``other`` lacks, in row order
    (as (start, ids): pair k's are ids[start[k]:start[k + 1]])."""
    pair, entry, found = rows.holds(mine, other, theirs)
    keep = ~found
    start = np.concatenate([[0], np.cumsum(np.bincount(pair[keep], minlength=len(mine)))])
    return start, rows.ids[entry[keep]]


class _Associations:
    """Weights of term pairs by ids (0 for a pair with none)."""

    def __init__(self, index: dict[str, dict[str, float]], ids: dict):
        self.size = max(1, len(ids))
        edges = sorted((u_id * self.size + ids[v], w) for u, u_id in ids.items() for v, w in index[u].items() if v in ids)
        self.keys = np.array([k for k, _ in edges], dtype=np.int64)
        self.weights = np.array([w for _, w in edges], dtype=np.float64)
        self.dense = None
        if self.size * self.size <= DENSE_ASSOCIATIONS:  # a table of every pair: one look-up each
            self.dense = np.zeros(self.size * self.size)
            self.dense[self.keys] = self.weights

    def of(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        key = u * self.size + v
        if self.dense is not None:
            return self.dense[key]
        if len(self.keys) == 0:
            return np.zeros(len(u))
        pos = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        return np.where(self.keys[pos] == key, self.weights[pos], 0.0)


def with_context(x: np.ndarray, first: np.ndarray, pairs: list[tuple[int, int]], shape: tuple[int, int]) -> np.ndarray:
    """The pairs' own features followed by their context features (second stage's input)."""
    return np.concatenate([x, context_features(first, pairs, shape).astype(np.float64)], axis=1)


def model_file(name: str) -> str:
    return f"pair_scorer_{name}.json"


def _models():
    return files("readout_compare").joinpath(MODELS)


def recorded_checksums() -> dict[str, str]:
    """The SHA-256 the training command recorded for each shipped model file."""
    try:
        text = _models().joinpath(CHECKSUMS).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScorerIntegrityError(f"the pair scorer's checksums are missing ({exc})") from None
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[1]] = parts[0]
    return out


@lru_cache(maxsize=4)
def load_scorer(name: str = "lexical") -> PairScorer:
    """The shipped scorer (checked against its recorded checksum); loaded once per process."""
    filename = model_file(name)
    try:
        raw = _models().joinpath(filename).read_bytes()
    except OSError:
        raise ScorerIntegrityError(f"the pair scorer {filename} is missing from the package; reinstall readout-compare") from None
    expected = recorded_checksums().get(filename)
    actual = hashlib.sha256(raw).hexdigest()
    if expected != actual:
        raise ScorerIntegrityError(
            f"refusing the pair scorer {filename}: its SHA-256 {actual[:16]}… is not the recorded {str(expected)[:16]}…"
        )
    scorer = PairScorer.from_data(json.loads(raw.decode("utf-8")))
    if scorer.features != feature_names(scorer.semantic):
        raise ScorerIntegrityError(f"the pair scorer {filename} was trained on other features than this version computes; retrain it")
    return scorer
