"""Synthetic account pairs of a given length for benchmarks: readout-like sentences, reordered,
paraphrased and partly omitted in the second account, with a broad vocabulary."""

from __future__ import annotations

import random

SUBJECTS = ["The two presidents", "The ministers", "President Arden", "President Belko", "The leaders", "He", "The two sides"]
VERBS = ["discussed", "agreed to strengthen", "reviewed", "stressed the importance of", "expressed concern about", "welcomed", "called for progress on"]
TOPICS = [
    "energy", "trade", "fisheries", "border crossings", "water rights", "railway links", "grain exports", "visa rules",
    "cyber security", "migration", "climate finance", "nuclear safety", "port access", "customs", "air links",
    "student exchanges", "health cooperation", "debt relief", "arms control", "minority rights", "river shipping",
]
PLACES = ["Keld", "Tarn", "Porto Alto", "Varna", "Ostrel", "Mirow", "Sadek", "Lune", "Corvo", "Bellin"]


def _sentence(rng: random.Random, n: int) -> str:
    topic = rng.sample(TOPICS, 2)
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {topic[0]} and {topic[1]} in {rng.choice(PLACES)}"
        f" under agreement {n} of the {rng.choice(['northern', 'southern', 'eastern', 'western'])} commission."
    )


def account_pair(words: int, seed: int = 7) -> tuple[str, str]:
    """Two accounts of about ``words`` words each."""
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(_sentence(rng, len(sentences)))
    other = []
    for s in sentences:
        roll = rng.random()
        if roll < 0.15:
            continue  # omitted
        if roll < 0.45:
            s = s.replace("discussed", "reviewed").replace("agreed to strengthen", "committed to deepen")
        other.append(s)
    # the second account tells the topics in its own order, in blocks
    blocks = [other[i : i + 8] for i in range(0, len(other), 8)]
    rng.shuffle(blocks)
    other = [s for b in blocks for s in b]
    while sum(len(s.split()) for s in other) < words:
        other.append(_sentence(rng, 10_000 + len(other)))  # claims only the second account makes
    para = lambda ss: "\n\n".join(" ".join(ss[i : i + 5]) for i in range(0, len(ss), 5)) + "\n"  # noqa: E731
    return para(sentences), para(other)
