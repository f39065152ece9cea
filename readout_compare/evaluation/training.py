"""Training the pair scorer on the corpus: one command, deterministic.

    python -m readout_compare.evaluation.training            # both scorers, written into the package
    python -m readout_compare.evaluation.training --check    # train, compare with the shipped files, write nothing

Every candidate pair of claims in the corpus (``tests/corpus``) becomes a row of features
(``core.features``, computed by the same ``core.align.evidence`` the engine runs) and two
labels from the gold: counterparts (match or conflict) or not, and, among the rest, related or
not. Two logistic regressions are fitted by Newton's method with an L2 penalty on
standardised features: no randomness, so the same corpus gives the same weights to the last
digit. The lexical scorer is trained always; the semantic one when the extra is installed.
The files and their SHA-256 (``models/CHECKSUMS``) are written into the package. The semantic
scorer is trained on float32 embeddings even where the CPU would multiply in bfloat16.

The bundled samples and the shared development cases are never trained on: they stay for
measuring (``benchmarks/eval_alignment.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..core.align import Reader, evidence
from ..core.features import feature_names
from ..core.model import Relation
from ..core.features import CONTEXT_FEATURES
from ..core.scorer import (
    ASSOCIATION_FEATURES, CHECKSUMS, MODELS, Logistic, PairScorer, association_features, association_index, model_file,
    with_context,
)
from ..core.segment import segment
from ..core.similarity import LexicalMatcher, Matcher
from ..core.terms import Vocabulary, default_vocabulary
from .samples import Sample
from .scoring import sentence_of

L2 = 1.0  # penalty on standardised weights: keeps rarely seen features from taking extreme weights


@dataclass
class Rows:
    """Feature rows of candidate pairs with their gold labels (and where each came from)."""

    features: np.ndarray
    counterpart: np.ndarray  # 1 where the gold links the two sentences by match or conflict
    related: np.ndarray  # 1 where it links them as related
    where: list[tuple[str, str, str]]  # (event, claim, claim)
    block: np.ndarray  # which pair of accounts each row belongs to (an index into blocks)
    blocks: list[tuple[list[tuple[int, int]], tuple[int, int]]]  # each block's candidate pairs and matrix shape
    terms: list[tuple[frozenset[str], frozenset[str]]]  # the two claims' terms, per row


def matcher_factory(name: str) -> Callable[[Vocabulary], Matcher]:
    if name == "lexical":
        return LexicalMatcher
    from ..core.semantic import SemanticMatcher

    return SemanticMatcher


def rows_of(samples: Sequence[Sample], make_matcher: Callable[[Vocabulary], Matcher]) -> Rows:
    """Every candidate pair of every sample, as the engine sees it, labelled from the gold."""
    vocabulary = default_vocabulary()
    features, cp, rel, where, block, blocks, terms = [], [], [], [], [], [], []
    for sample in samples:
        matcher = make_matcher(vocabulary)
        claims = [segment(account, k) for k, account in enumerate(sample.accounts)]
        sentence = {c.id: sentence_of(c, sample) for cs in claims for c in cs}
        gold = {frozenset((a, b)): r for a, b, r in sample.links}
        reader = Reader(vocabulary, getattr(matcher, "analysed", None))
        for i in range(len(claims)):
            for j in range(i + 1, len(claims)):
                if not claims[i] or not claims[j]:
                    continue
                found = evidence(claims[i], claims[j], matcher, reader)
                blocks.append((found.pairs, found.shape))
                for (a, b), row in zip(found.pairs, found.features):
                    block.append(len(blocks) - 1)
                    terms.append((found.stems[0][a], found.stems[1][b]))
                    left, right = claims[i][a], claims[j][b]
                    relation = gold.get(frozenset((sentence[left.id], sentence[right.id])))
                    features.append(row)
                    cp.append(1.0 if relation in (Relation.MATCH, Relation.CONFLICT) else 0.0)
                    rel.append(1.0 if relation is Relation.RELATED else 0.0)
                    where.append((sample.name, left.id, right.id))
    width = len(feature_names(make_matcher is not LexicalMatcher))
    return Rows(np.asarray(features, dtype=np.float64).reshape(-1, width), np.asarray(cp), np.asarray(rel), where,
                np.asarray(block, dtype=int), blocks, terms)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> Logistic:
    """Logistic regression by Newton's method (iteratively reweighted least squares)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    design = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not penalised
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return Logistic(w[:-1].copy(), float(w[-1]), mean, scale)


INNER_FOLDS = 5


def _inner_folds(rows: Rows) -> list[np.ndarray]:
    """Masks of rows for k folds by event (event n of the sorted names in fold n mod k)."""
    events = sorted({w[0] for w in rows.where})
    fold_of = {e: n % INNER_FOLDS for n, e in enumerate(events)}
    fold = np.array([fold_of[w[0]] for w in rows.where])
    return [fold == k for k in range(INNER_FOLDS)]


def _context(rows: Rows, x: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Each row's features (``x``) followed by its context features, block by block."""
    out = np.zeros((len(x), x.shape[1] + len(CONTEXT_FEATURES)))
    for b in np.unique(rows.block):
        mask = rows.block == b
        pairs, shape = rows.blocks[b]
        out[mask] = with_context(x[mask], first[mask], pairs, shape)
    return out


ASSOCIATION_PRIOR = 5.0  # pseudo-pairs at the base rate: a term pair seen twice weighs little
MIN_ASSOCIATED = 2  # counterpart pairs a term pair must be seen in


def learn_associations(rows: Rows, mask: np.ndarray) -> dict[tuple[str, str], float]:
    """Term pairs that counterparts use for each other more often than chance, from these rows:
    weight log((seen in counterparts + prior·rate) / ((seen in candidates + prior) · rate))."""
    from collections import Counter

    together, everywhere = Counter(), Counter()
    for keep, (a, b), label in zip(mask, rows.terms, rows.counterpart):
        if not keep:
            continue
        pairs = {(u, v) if u < v else (v, u) for u in a - b for v in b - a}
        everywhere.update(pairs)
        if label > 0.5:
            together.update(pairs)
    rate = max(float(rows.counterpart[mask].mean()), 1e-6) if mask.any() else 1e-6
    out = {}
    for pair, n in together.items():
        if n < MIN_ASSOCIATED:
            continue
        weight = float(np.log((n + ASSOCIATION_PRIOR * rate) / ((everywhere[pair] + ASSOCIATION_PRIOR) * rate)))
        if weight > 0.5:
            out[pair] = weight
    return out


def _association_rows(table: dict, rows: Rows, mask: np.ndarray) -> np.ndarray:
    terms = [t for t, k in zip(rows.terms, mask) if k]
    left = [a for a, _ in terms]
    right = [b for _, b in terms]
    return association_features(association_index(table), [(k, k) for k in range(len(terms))], (left, right))


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The probability cut that gives the best F1 of counterpart pairs on held-out predictions."""
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.20, 0.71, 0.025):
        tp = float(((p >= t) & (y > 0.5)).sum())
        fp = float(((p >= t) & (y < 0.5)).sum())
        fn = float(((p < t) & (y > 0.5)).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(round(t, 3)), f1
    return best


def train(samples: Sequence[Sample], name: str = "lexical", rows: Rows | None = None) -> PairScorer:
    """A pair scorer fitted on these samples (``rows``: their rows, when already computed).

    The second stage learns from first-stage probabilities that were cross-fitted (each event's
    from a first stage that did not see it), so that it learns how far to trust them on new
    accounts, not on the ones they were fitted to; the decision threshold is chosen the same way."""
    rows = rows or rows_of(samples, matcher_factory(name))
    folds = _inner_folds(rows)
    # Association features cross-fitted too: a pair's own words must not vouch for it.
    associated = np.zeros((len(rows.features), len(ASSOCIATION_FEATURES)))
    for held in folds:
        if held.any() and (~held).any():
            associated[held] = _association_rows(learn_associations(rows, ~held), rows, held)
    x = np.concatenate([rows.features, associated], axis=1)
    first_held = np.zeros(len(rows.features))
    for held in folds:
        if held.any() and (~held).any():
            first_held[held] = fit_logistic(x[~held], rows.counterpart[~held]).probability(x[held])
    full = _context(rows, x, first_held)
    second_held = np.zeros(len(rows.features))
    for held in folds:
        if held.any() and (~held).any():
            second_held[held] = fit_logistic(full[~held], rows.counterpart[~held]).probability(full[held])
    first = fit_logistic(x, rows.counterpart)
    counterpart = fit_logistic(full, rows.counterpart)
    # P(related | not counterparts): fitted on the pairs that are not counterparts.
    rest = rows.counterpart < 0.5
    related = fit_logistic(full[rest], rows.related[rest])
    return PairScorer(name, feature_names(name == "semantic"), first, counterpart, related,
                      threshold=_best_threshold(second_held, rows.counterpart),
                      associations=learn_associations(rows, np.ones(len(rows.features), dtype=bool)))


def subset(rows: Rows, events: set[str]) -> Rows:
    keep = np.array([w[0] in events for w in rows.where], dtype=bool)
    kept_blocks = sorted(set(rows.block[keep].tolist()))
    renumber = {b: n for n, b in enumerate(kept_blocks)}
    return Rows(rows.features[keep], rows.counterpart[keep], rows.related[keep], [w for w, k in zip(rows.where, keep) if k],
                np.array([renumber[b] for b in rows.block[keep]], dtype=int), [rows.blocks[b] for b in kept_blocks],
                [t for t, k in zip(rows.terms, keep) if k])


def models_folder() -> Path:
    return Path(__file__).resolve().parent.parent / MODELS


def write_scorer(scorer: PairScorer, folder: Path | None = None) -> Path:
    """Write the scorer's file and record its checksum (other scorers' lines kept)."""
    folder = folder or models_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / model_file(scorer.name)
    payload = json.dumps(scorer.to_data(), indent=1, sort_keys=True) + "\n"
    path.write_text(payload, encoding="utf-8")
    sums_path = folder / CHECKSUMS
    sums = {}
    if sums_path.is_file():
        for line in sums_path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2:
                sums[parts[1]] = parts[0]
    sums[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    sums_path.write_text("".join(f"{digest}  {file}\n" for file, digest in sorted(sums.items())), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    from .corpus import load_corpus

    parser = argparse.ArgumentParser(prog="python -m readout_compare.evaluation.training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="folder of corpus events (default: tests/corpus/events of this checkout)")
    parser.add_argument("--check", action="store_true", help="train and compare with the shipped files; write nothing")
    parser.add_argument("--only", choices=("lexical", "semantic"), help="train one scorer only")
    args = parser.parse_args(argv)
    samples = load_corpus(args.corpus)
    names = [args.only] if args.only else ["lexical", "semantic"]
    status = 0
    for name in names:
        if name == "semantic":
            from ..core.semantic import PRECISION_VARIABLE, semantic_available

            if not semantic_available():
                print("semantic scorer: skipped (the semantic extra is not installed)")
                continue
            # Trained on float32 embeddings on every machine, so the same corpus gives the same
            # file whether or not this CPU multiplies in bfloat16 (semantic.arithmetic).
            os.environ[PRECISION_VARIABLE] = "fp32"
        scorer = train(samples, name)
        payload = json.dumps(scorer.to_data(), indent=1, sort_keys=True) + "\n"
        shipped = models_folder() / model_file(name)
        if args.check:
            same = shipped.is_file() and shipped.read_text(encoding="utf-8") == payload
            print(f"{name} scorer: {'the same as' if same else 'DIFFERENT from'} the shipped {shipped.name}")
            status |= 0 if same else 1
        else:
            path = write_scorer(scorer)
            print(f"{name} scorer: {len(samples)} events -> {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
