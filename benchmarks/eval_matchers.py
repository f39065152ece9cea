"""Alignment quality of each matcher on the bundled samples and the shared dev cases.

    python benchmarks/eval_matchers.py                 # lexical, semantic (if installed), wordllama blend (if installed)

Prints counterpart / omission / conflict F1 (the measures of shared/eval/score.py) per matcher.
The wordllama blend is an experiment (benchmarks/wordllama_blend.py), not a dependency.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.evaluation import samples_from_cases, bundled_samples, load_sample, score  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"


def dev_samples(folder: Path):
    return samples_from_cases(SHARED_EVAL / "dev_cases.py", folder)


def matchers():
    from readout_compare.core.similarity import LexicalMatcher

    yield "lexical", LexicalMatcher()
    from readout_compare.core.semantic import SemanticMatcher, semantic_available

    if semantic_available():
        yield "semantic", SemanticMatcher()
    if importlib.util.find_spec("wordllama") is not None:
        from wordllama_blend import WordLlamaBlend

        yield "lexical+wordllama", WordLlamaBlend()


def f1s(samples, matcher) -> str:
    total = None
    for sample in samples:
        result = score(compare(sample.accounts, matcher=matcher), sample)
        total = result if total is None else total + result
    return f"counterpart {total.counterpart.f1:.2f}  omission {total.omission.f1:.2f}  conflict {total.conflict.f1:.2f}"


def main() -> int:
    sets = [("samples", [load_sample(p) for p in bundled_samples()])]
    with tempfile.TemporaryDirectory() as tmp:
        if (SHARED_EVAL / "dev_cases.py").is_file():
            sets.append(("dev cases", dev_samples(Path(tmp))))
        for name, matcher in matchers():
            for label, samples in sets:
                print(f"{name:18s} {label:10s} {f1s(samples, matcher)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
