"""Long accounts: aligned from candidate lists in bounded memory, word diffs made when read,
embeddings encoded once per text, JSON written as a stream."""

from __future__ import annotations

import io
import json
import random
import tracemalloc

import numpy as np
import pytest

from readout_compare.core import align as align_module
from readout_compare.core import semantic, wording
from readout_compare.core.compare import Settings, compare
from readout_compare.core.model import Account
from readout_compare.core.reading import Reading
from readout_compare.evaluation import bundled_samples, load_sample, score
from readout_compare.export.json_form import to_json, write_json

SAMPLE = "rouhani-macron-2018-01"


def _sample():
    return load_sample(next(p for p in bundled_samples() if p.name == SAMPLE))


def _long_pair(claims: int, seed: int = 5) -> tuple[Account, Account]:
    """Two accounts of ``claims`` short claims each, the second reworded and in another order."""
    rng = random.Random(seed)
    topics = ["harbour fees", "grain quotas", "river locks", "visa rules", "rail freight", "power lines", "fishing zones"]
    left = [f"Item {k} concerns {rng.choice(topics)}." for k in range(claims)]
    right = [s.replace("concerns", "covers") for s in left]
    rng.shuffle(right)

    def text(sentences):
        return "\n\n".join(" ".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10)) + "\n"

    return Account("Left", text(left)), Account("Right", text(right))


def test_two_long_accounts_align_in_far_less_memory_than_one_claims_by_claims_matrix_set():
    left, right = _long_pair(1500)  # 2.25 million pairs of claims
    tracemalloc.start()
    try:
        comparison = compare([left, right])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The all-pairs engine held several 1500 × 1500 float64 matrices at once (127 MB measured);
    # candidate lists need a fraction (48 MB measured, most of it the claims' own facts).
    assert peak < 80e6, f"peak {peak / 1e6:.0f} MB"
    same_item = [ln for ln in comparison.links if ln.relation.is_counterpart
                 and comparison.claim(ln.claims[0]).text.split()[1] == comparison.claim(ln.claims[1]).text.split()[1]]
    assert len(same_item) >= 0.99 * 1500  # each item found in the other account, whatever its place


def test_an_event_aligned_as_a_long_one_keeps_every_counterpart_found_among_all_pairs(monkeypatch):
    sample = _sample()
    every = compare(sample.accounts)
    monkeypatch.setattr(align_module, "ALL_PAIRS_UP_TO", 0)  # candidates from the index, as for long accounts
    indexed = compare(sample.accounts)
    counterparts = lambda c: {ln.claims for ln in c.links if ln.relation.is_counterpart}  # noqa: E731
    assert counterparts(every) <= counterparts(indexed)
    assert score(indexed, sample).counterpart.tp == score(every, sample).counterpart.tp


def test_word_diffs_are_made_when_read_and_still_reach_the_window_and_the_json(monkeypatch):
    calls = []
    real = wording.word_diff

    def counted(a, b, *args, **kwargs):
        calls.append((a, b))
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(wording, "word_diff", counted)
    sample = _sample()
    comparison = compare(sample.accounts)
    reading = Reading(comparison)
    assert calls == []  # nothing diffed yet: a long comparison's thousands of links cost nothing here
    changed = [c.id for c in comparison.all_claims() if reading.state(c.id).value == "changed"]
    assert changed
    spans = reading.wording[changed[0]]  # what the window paints for one claim
    assert spans and all(s.claim == changed[0] for s in spans)
    assert 0 < len(calls) < sum(1 for ln in comparison.links if ln.relation.is_counterpart)
    data = json.loads(to_json(comparison))
    for link, item in zip(comparison.links, data["links"]):
        if link.relation.is_counterpart:
            a, b = (comparison.claim(c) for c in link.claims)
            diff = real(a.text, b.text)
            expected = [[a.id, a.start + s, a.start + e] for s, e in diff.removed] + [[b.id, b.start + s, b.start + e] for s, e in diff.added]
            assert [[w["claim"], w["start"], w["end"]] for w in item["wording"]] == expected


def test_json_is_written_as_a_stream_with_the_same_bytes():
    comparison = compare(_sample().accounts)
    out = io.StringIO()
    write_json(comparison, out)
    assert out.getvalue() == to_json(comparison)


class _CountingModel:
    """Stands in for the sentence model: one unit vector per text, and a count of texts encoded."""

    def __init__(self):
        self.encoded: list[str] = []

    def encode(self, texts, **_kwargs):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), semantic.EMBEDDING_SIZE), dtype=np.float32)
        for row, text in enumerate(texts):
            rng = np.random.default_rng(abs(hash(text)) % (1 << 32))
            out[row] = rng.standard_normal(semantic.EMBEDDING_SIZE)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_comparing_the_same_accounts_again_encodes_no_claim_twice(monkeypatch):
    model = _CountingModel()
    monkeypatch.setattr(semantic, "load_model", lambda folder=None: model)
    monkeypatch.setattr(semantic, "embeddings", semantic.EmbeddingCache())
    accounts = _sample().accounts
    compare(accounts, Settings(matcher=semantic.SemanticMatcher()))
    first = len(model.encoded)
    assert first > 0 and len(set(model.encoded)) == first  # each distinct text once
    # A second comparison (a re-alignment, the window's next comparison) makes a new matcher.
    compare(accounts, Settings(matcher=semantic.SemanticMatcher()))
    assert len(model.encoded) == first
    # An account with one claim changed: only that claim is read again.
    changed = Account(accounts[0].label, accounts[0].text.replace("Rouhani", "Rohani", 1))
    compare([changed, accounts[1]], Settings(matcher=semantic.SemanticMatcher()))
    assert 0 < len(model.encoded) - first <= 2


def test_the_collector_runs_less_often_only_while_a_comparison_is_built():
    import gc

    before = gc.get_threshold()
    during = []
    compare(_sample().accounts, progress=lambda percent, what: during.append(gc.get_threshold()[0]))
    assert any(t > before[0] for t in during)  # fewer passes while the claims are made and linked
    assert gc.get_threshold() == before  # and the process's own pace afterwards

    def fail(percent, what):
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        compare(_sample().accounts, progress=fail)
    assert gc.get_threshold() == before  # a comparison that stops half-way gives it back too
