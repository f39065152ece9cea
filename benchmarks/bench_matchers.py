"""Alignment time and peak memory with each matcher, and the semantic model's load time.

    python benchmarks/bench_matchers.py            # every available matcher
    python benchmarks/bench_matchers.py --matcher lexical --words 20000

Each matcher runs in its own process, so its peak memory (peak resident set size, which
counts torch's allocations too) is its own. Cases: the default sample, and a generated pair
of accounts of about --words words each, built from the bundled samples' sentences (each
copy made distinct, so no sentence is embedded twice for free).

Targets with the semantic extra (issue 6): sample under 300 ms after the model is loaded,
large pair under 10 s, peak memory under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = "rouhani-macron-2018-01"
PLACES = ["Geneva", "Vienna", "Oslo", "Doha", "Muscat", "Astana", "Baku", "Nairobi", "Lima", "Hanoi"]


def sample_accounts():
    from readout_compare.resources import sample_files
    from readout_compare.core.ingest import read_account

    return [read_account(p) for p in sample_files(SAMPLE)]


def large_pair(words: int, seed: int = 7):
    """Two accounts of about ``words`` words, drawn from every bundled sample's sentences."""
    from readout_compare.core.ingest import account_from_text
    from readout_compare.evaluation import bundled_samples, load_sample

    pool = [s.text for p in bundled_samples() for s in load_sample(p).sentences.values()]
    rng = random.Random(seed)
    texts = []
    for side in range(2):
        sentences, count, round_ = [], 0, 0
        while count < words:
            round_ += 1
            batch = rng.sample(pool, k=len(pool) // 2)  # each account tells a different half each round
            for s in batch:
                # Distinct copies without adding a comma: a comma would cut every claim into parts.
                s = f"{s.rstrip('.')} during round {round_} in {rng.choice(PLACES)}."
                sentences.append(s)
                count += len(s.split())
                if count >= words:
                    break
        paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
        texts.append(account_from_text("\n\n".join(paragraphs) + "\n", f"Account {'AB'[side]}"))
    return texts


def make_matcher(name: str):
    if name == "lexical":
        from readout_compare.core.similarity import LexicalMatcher

        return LexicalMatcher()
    if name == "semantic":
        from readout_compare.core.semantic import SemanticMatcher

        return SemanticMatcher()
    if name == "wordllama":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from wordllama_blend import WordLlamaBlend

        return WordLlamaBlend()
    raise SystemExit(f"unknown matcher {name}")


def run_one(name: str, words: int, repeats: int) -> dict:
    """Measure one matcher in this process."""
    from readout_compare.core.compare import compare

    result = {"matcher": name}
    t0 = time.perf_counter()
    matcher = make_matcher(name)
    if hasattr(matcher, "load"):
        matcher.load()
    result["load_s"] = time.perf_counter() - t0
    result["rss_after_load_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    accounts = sample_accounts()
    times = []
    for _ in range(repeats):
        fresh = make_matcher(name)  # a new matcher: no embeddings cached from the previous run
        t0 = time.perf_counter()
        compare(accounts, matcher=fresh)
        times.append(time.perf_counter() - t0)
    result["sample_ms"] = 1000 * sorted(times)[len(times) // 2]

    big = large_pair(words)
    result["large_words"] = [a.words for a in big]
    t0 = time.perf_counter()
    comparison = compare(big, matcher=make_matcher(name))
    result["large_s"] = time.perf_counter() - t0
    result["large_claims"] = [len(c) for c in comparison.claims]
    result["large_links"] = len(comparison.links)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def available() -> list[str]:
    names = ["lexical"]
    from readout_compare.core.semantic import semantic_available

    if semantic_available():
        names.append("semantic")
    try:
        import importlib.util

        if importlib.util.find_spec("wordllama") is not None:
            names.append("wordllama")
    except ImportError:
        pass
    return names


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matcher", action="append", help="lexical, semantic or wordllama (default: all available)")
    ap.add_argument("--words", type=int, default=20000, help="words in each account of the large pair")
    ap.add_argument("--repeats", type=int, default=5, help="runs of the sample (median reported)")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # run one matcher in this process, print JSON
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.words, args.repeats)))
        return 0
    for name in args.matcher or available():
        run = subprocess.run(
            [sys.executable, __file__, "--one", name, "--words", str(args.words), "--repeats", str(args.repeats)],
            capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        if run.returncode != 0:
            print(f"{name}: failed: {run.stderr.strip()[-300:]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"{name:10s} load {r['load_s']:.2f} s | sample {r['sample_ms']:.0f} ms | "
            f"large pair {r['large_words'][0]}+{r['large_words'][1]} words, "
            f"{r['large_claims'][0]}+{r['large_claims'][1]} claims: {r['large_s']:.2f} s, {r['large_links']} links | "
            f"peak RSS {r['peak_rss_mb']:.0f} MB (after load {r['rss_after_load_mb']:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
