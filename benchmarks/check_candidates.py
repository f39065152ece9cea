"""Do long accounts' candidates (core.candidates) keep every gold pair? Measured on short events.

    python benchmarks/check_candidates.py [--matcher lexical|semantic] [--k 8]

The samples, the shared development cases and the training corpus are short, so the engine
scores every pair of their claims. Here each event is aligned as if it were long (the index
search of core.candidates instead of all pairs) and the script prints, per set: the gold
counterpart and related pairs, how many of them are among the candidates, the candidates per
claim, and counterpart / omission F1 of the alignment made from those candidates next to the
all-pairs alignment's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from readout_compare.core import align as align_module, candidates as candidates_module  # noqa: E402
from readout_compare.core.compare import Settings, compare  # noqa: E402
from readout_compare.core.model import Relation  # noqa: E402
from readout_compare.core.segment import segment  # noqa: E402
from readout_compare.evaluation import Scores, bundled_samples, load_sample, samples_from_cases, score, sentence_of  # noqa: E402
from readout_compare.evaluation.corpus import load_corpus  # noqa: E402

SHARED_CASES = ROOT.parent / "shared" / "eval" / "dev_cases.py"


def coverage(sample, matcher):
    """(gold counterpart pairs, covered, gold related, covered, candidates, claims) with the long path."""
    claims = [segment(a, k) for k, a in enumerate(sample.accounts)]
    vocabulary = getattr(matcher, "vocabulary")
    reader = align_module.Reader(vocabulary, getattr(matcher, "analysed", None))
    sentence = {c.id: sentence_of(c, sample) for side in claims for c in side}
    covered: set[tuple[str, str]] = set()
    count = 0
    for i, j in combinations(range(len(claims)), 2):
        if not claims[i] or not claims[j]:
            continue
        found = align_module.evidence(claims[i], claims[j], matcher, reader)
        count += len(found.pairs)
        for a, b in found.pairs:
            x, y = sentence[claims[i][a].id], sentence[claims[j][b].id]
            if x and y:
                covered.add(tuple(sorted((x, y))))
    out = []
    for relations in ((Relation.MATCH, Relation.CONFLICT), (Relation.RELATED,)):
        gold = {tuple(sorted((a, b))) for a, b, r in sample.links if r in relations}
        out += [len(gold), len(gold & covered)]
    return (*out, count, sum(len(c) for c in claims))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matcher", default="lexical", choices=("lexical", "semantic"))
    ap.add_argument("--k", type=int, default=candidates_module.TOP_K)
    args = ap.parse_args()
    candidates_module.TOP_K = args.k
    with tempfile.TemporaryDirectory() as tmp:
        sets = {"samples": [load_sample(p) for p in bundled_samples()], "corpus": load_corpus()}
        if SHARED_CASES.is_file():
            sets["dev cases"] = samples_from_cases(SHARED_CASES, Path(tmp))
        settings = Settings(matcher=args.matcher)
        matcher = settings.resolve_matcher(settings.vocabulary(), print)
        print(f"matcher {matcher.name}, each claim's best {args.k} candidates in each direction")
        for name, samples in sets.items():
            totals = [0] * 6
            every, long_ = Scores(), Scores()
            missed = []
            for sample in samples:
                every += score(compare(sample.accounts, Settings(matcher=matcher)), sample)
                saved = align_module.ALL_PAIRS_UP_TO
                align_module.ALL_PAIRS_UP_TO = 0  # every event aligned as a long one
                try:
                    row = coverage(sample, matcher)
                    long_ += score(compare(sample.accounts, Settings(matcher=matcher)), sample)
                finally:
                    align_module.ALL_PAIRS_UP_TO = saved
                totals = [t + r for t, r in zip(totals, row)]
                if row[1] < row[0]:
                    missed.append(f"{sample.name} ({row[0] - row[1]})")
            cp, cp_in, rel, rel_in, pairs, claims = totals
            print(f"{name:>10}: gold counterparts {cp_in}/{cp} among the candidates, related {rel_in}/{rel}; "
                  f"{pairs / max(claims, 1):.1f} candidates per claim")
            for measure in ("counterpart", "omission"):
                print(f"{'':>12}{measure} F1: all pairs {every.measure(measure).f1:.3f}, long-account candidates {long_.measure(measure).f1:.3f}")
            if missed:
                print(f"{'':>12}counterparts missed in: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
