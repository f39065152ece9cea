"""Alignment quality measured only on data the pair scorer did not train on.

    python benchmarks/eval_alignment.py [--folds 5] [--matcher lexical|semantic|both] [--worst 10]

1. The corpus (tests/corpus), k-fold by event: the scorer is trained on the other folds'
   events and scores the held-out fold's; figures are summed over the folds. Then one fold per
   writer: each writer's events scored by a scorer trained on the other writers' only, which is
   nearer to readouts nobody on the project wrote than folds that share a writer's style.
2. The corpus's holdout events (tests/corpus/holdout: written after the shipped scorer was
   trained, by writers who did not see the engine, and never trained on), the bundled samples
   and the shared development cases (../shared/eval, when present), with the shipped scorer,
   which is trained on tests/corpus/events only.
3. The second reading (tests/corpus/second_reading): events whose links a second annotator drew
   again from the accounts alone. The reader's links are scored against the gold exactly as the
   engine's are, beside the engine's on the same events: how far two careful readers agree, the
   most a scorer learned from one reader's gold can be expected to reach.

For each set and matcher it prints counterpart / omission / topic / conflict precision, recall
and F1 (the shared score.py's measures), the calibration of the link confidence (expected
calibration error of P(counterpart) over ten bins, on held-out candidate pairs), and the worst
misses: gold counterparts the engine left as omissions, and pairs it linked that the gold does
not, with their texts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from readout_compare.core.compare import Settings, compare  # noqa: E402
from readout_compare.core.scorer import load_scorer  # noqa: E402
from readout_compare.core.terms import default_vocabulary  # noqa: E402
from readout_compare.evaluation import MEASURES, Scores, bundled_samples, load_sample, samples_from_cases, score  # noqa: E402
from readout_compare.evaluation.corpus import corpus_folder, folds, load_corpus, load_second_readings, writer_folds  # noqa: E402
from readout_compare.evaluation.samples import gold_comparison  # noqa: E402
from readout_compare.evaluation.training import matcher_factory, rows_of, subset, train  # noqa: E402

SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_cases.py"


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0.0, 1.0, bins + 1)
    total, error = len(p), 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
        if inside.any():
            error += inside.sum() / total * abs(p[inside].mean() - y[inside].mean())
    return error


def report(title: str, scores: Scores, ece: float | None = None) -> None:
    print(f"\n{title}")
    for name in MEASURES:
        c = scores.measure(name)
        print(f"  {name:12s} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}   (tp {c.tp}, fp {c.fp}, fn {c.fn})")
    plain, possible = scores.plain_omission, scores.possible
    print(f"  omissions shown with no possible counterpart named: {plain.tp + plain.fp}, right {plain.precision:.2f}"
          f" (all omissions shown: {scores.omission.tp + scores.omission.fp}, right {scores.omission.precision:.2f})")
    print(f"  possible counterparts named: {possible.tp + possible.fp}, of which gold counterparts {possible.tp}"
          f" ({possible.precision:.2f})")
    if ece is not None:
        print(f"  calibration  ECE {ece:.3f} (P(counterpart) on held-out candidate pairs, 10 bins)")


def text_of(sample, sid: str) -> str:
    return sample.sentences[sid].text


MISSED = "missed (shown as omissions)"


def worst(results, count: int, sure: dict | None = None) -> None:
    """The worst errors with their texts: gold counterparts the engine was surest were not (a wrong
    omission is the worst mistake a briefing can make), then links it was surest of that the gold
    does not have. ``sure``: (event, sentence, sentence) -> the scorer's P(counterpart)."""
    sure = sure or {}

    def p(sample, a, b):
        return sure.get((sample.name, a, b), sure.get((sample.name, b, a)))

    lines = []
    for sample, scores in results:
        for a, b in scores.misses:
            lines.append((sample, a, b, MISSED, p(sample, a, b)))
        for a, b in scores.false:
            lines.append((sample, a, b, "linked, not in the gold", p(sample, a, b)))
    print(f"\n  worst {min(count, len(lines))} of {len(lines)} errors:")
    lines.sort(key=lambda x: (x[3] != MISSED, (x[4] if x[4] is not None else 0.0) * (1 if x[3] == MISSED else -1), x[0].name))
    for sample, a, b, kind, value in lines[:count]:
        shown = "not a candidate" if value is None else f"P(counterpart) {value:.2f}"
        print(f"  - {sample.name} {a}–{b}: {kind}, {shown}")
        print(f"      {a}: {text_of(sample, a)[:150]}")
        print(f"      {b}: {text_of(sample, b)[:150]}")


def block_probabilities(scorer, rows, b: int) -> np.ndarray:
    """The scorer's P(counterpart) for one pair of accounts' candidate rows."""
    mask = rows.block == b
    pairs, shape = rows.blocks[b]
    left, right = [frozenset()] * shape[0], [frozenset()] * shape[1]
    for (a, c), (ta, tc) in zip(pairs, [t for t, m in zip(rows.terms, mask) if m]):
        left[a], right[c] = ta, tc
    return scorer.probabilities(rows.features[mask], pairs, shape, (left, right))[0]


def confidences(rows, p_in_rows: np.ndarray) -> dict:
    """(event, claim, claim) -> P(counterpart); claims are whole gold sentences, so their ids agree."""
    return {(w[0], w[1], w[2]): float(v) for w, v in zip(rows.where, p_in_rows)}


def rows_probabilities(scorer, rows) -> np.ndarray:
    """P(counterpart) for every row, in the rows' own order."""
    out = np.zeros(len(rows.features))
    for b in range(len(rows.blocks)):
        out[rows.block == b] = block_probabilities(scorer, rows, b)
    return out


def cross_validate(samples, name: str, k: int, worst_count: int, rows=None, by_writer: bool = False) -> list:
    """Prints the figures; returns (sample, scores) for every event, each scored out of fold."""
    make = matcher_factory(name)
    rows = rows if rows is not None else rows_of(samples, make)
    total, results = Scores(), []
    held_p, held_y = [], []
    sure: dict = {}
    for fold in (writer_folds(samples) if by_writer else folds(samples, k)):
        held = {s.name for s in fold}
        scorer = train([], name, subset(rows, {s.name for s in samples} - held))
        test = subset(rows, held)
        p = np.concatenate([block_probabilities(scorer, test, b) for b in range(len(test.blocks))]) if test.blocks else np.zeros(0)
        order = np.concatenate([np.flatnonzero(test.block == b) for b in range(len(test.blocks))])
        test.counterpart = test.counterpart[order]
        held_p.append(p)
        held_y.append(test.counterpart)
        sure.update(confidences(test, rows_probabilities(scorer, subset(rows, held))))
        for sample in fold:
            comparison = compare(sample.accounts, Settings(matcher=make(default_vocabulary()), scorer=scorer))
            result = score(comparison, sample)
            total = total + result
            results.append((sample, result))
    ece = expected_calibration_error(np.concatenate(held_p), np.concatenate(held_y))
    how = f"one fold per writer ({len(writer_folds(samples))} writers)" if by_writer else f"{k}-fold by event"
    report(f"corpus, {how} ({len(samples)} events), {name} matcher", total, ece)
    worst(results, worst_count, sure)
    return results


def held_out_sets(name: str, worst_count: int) -> list:
    """Prints the figures; returns (sample, scores) for every holdout event (shipped scorer)."""
    scorer = load_scorer(name)
    holdout_results = []
    sets = [("corpus holdout", load_corpus(corpus_folder("holdout"))),
            ("bundled samples", [load_sample(p) for p in bundled_samples()])]
    tmp = tempfile.TemporaryDirectory()
    if SHARED_CASES.is_file():
        sets.append(("shared development cases", samples_from_cases(SHARED_CASES, Path(tmp.name))))
    for title, samples in sets:
        total, results = Scores(), []
        for sample in samples:
            comparison = compare(sample.accounts, Settings(matcher=matcher_factory(name)(default_vocabulary()), scorer=scorer))
            result = score(comparison, sample)
            total = total + result
            results.append((sample, result))
        report(f"{title} ({len(samples)} events, never trained on), shipped {name} scorer", total)
        if title == "corpus holdout":
            holdout_results = results
        rows = rows_of(samples, matcher_factory(name))
        worst(results, worst_count, confidences(rows, rows_probabilities(scorer, rows)))
    tmp.cleanup()
    return holdout_results


def second_reading(name: str, engine_results: list) -> None:
    """A second reader's links against the gold, beside the engine's on the same events.

    ``engine_results``: (sample, scores) of events scored out of fold (corpus events) or by the
    shipped scorer (holdout events). The readers drew their links from the accounts alone."""
    readings = load_second_readings()
    engine = {sample.name: scores for sample, scores in engine_results}
    holdout = {s.name for s in load_corpus(corpus_folder("holdout"))}
    for held, label in ((False, "corpus events, scored out of fold"), (True, "holdout events, shipped scorer")):
        pairs = [(gold, reading) for gold, reading in readings if (gold.name in holdout) == held and gold.name in engine]
        if not pairs:
            continue
        reader, machine = Scores(), Scores()
        for gold, reading in pairs:
            reader = reader + score(gold_comparison(reading), gold)
            machine = machine + engine[gold.name]
        print(f"\nsecond reading: {len(pairs)} {label}, links drawn again by readers who saw neither the gold nor the engine")
        for who, scores in (("second reader", reader), (f"engine ({name})", machine)):
            c, o, f = scores.counterpart, scores.omission, scores.conflict
            print(f"  {who:18s} counterpart P {c.precision:.2f} R {c.recall:.2f} F1 {c.f1:.2f}   omission F1 {o.f1:.2f}"
                  f"   conflict F1 {f.f1:.2f}   topic F1 {scores.topic.f1:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--matcher", choices=("lexical", "semantic", "both"), default="both")
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    names = ["lexical", "semantic"] if args.matcher == "both" else [args.matcher]
    if "semantic" in names:
        from readout_compare.core.semantic import semantic_available

        if not semantic_available():
            print("semantic: skipped (the semantic extra is not installed)")
            names.remove("semantic")
    samples = load_corpus()
    for name in names:
        rows = rows_of(samples, matcher_factory(name))
        out_of_fold = cross_validate(samples, name, args.folds, args.worst, rows)
        cross_validate(samples, name, args.folds, args.worst, rows, by_writer=True)
        holdout = held_out_sets(name, args.worst)
        second_reading(name, out_of_fold + holdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
