"""The pair features, computed for all candidate pairs at once, are each pair's own definition.

The engine reads every feature column with numpy over arrays of pair indices (core.features,
core.sparse, core.scorer); here each feature is worked out the plain way, pair by pair from the
two claims' sets and words, and the two must agree: on an event (every pair a candidate) and on
accounts long enough to be aligned from candidate lists. The contradiction rules are gated by
each claim's cues (core.conflicts): the gate must never hide a reason the rules would give. The
vocabulary's glossary pattern is a tree of characters: it must match what the plain list matches.
"""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest

from readout_compare.core import conflicts
from readout_compare.core.align import Reader, evidence
from readout_compare.core.conflicts import CIRCUMSTANCE_CUES, CIRCUMSTANCE_REASONS, contradictions
from readout_compare.core.features import ALL_PAIRS_UP_TO, LEXICAL_FEATURES, speakers_of
from readout_compare.core.model import Account
from readout_compare.core.scorer import association_features, association_index, load_scorer
from readout_compare.core.segment import segment
from readout_compare.core.similarity import LexicalMatcher
from readout_compare.core.sparse import SparseRows, set_rows
from readout_compare.core.terms import default_vocabulary, longest_first
from readout_compare.evaluation import bundled_samples, load_sample

OWN = LEXICAL_FEATURES[8:]  # the features after the similarity's rank features


def _grams(tokens) -> dict[str, float]:
    grams: dict[str, float] = {}
    for token in tokens:
        padded = f"#{token}#"
        for i in range(max(1, len(padded) - 3)):
            grams[padded[i:i + 4]] = grams.get(padded[i:i + 4], 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in grams.values())) or 1.0
    return {g: v / norm for g, v in grams.items()}


def _by_definition(left, right, lf, rf, a, b, lexical, grams_left, grams_right) -> list[float]:
    """One pair's features after the rank features, worked out from the two claims alone."""
    lc, rc, f, g = left[a], right[b], lf[a], rf[b]
    gl, gr = grams_left[a], grams_right[b]
    grams = sum(v * gr.get(k, 0.0) for k, v in gl.items()) if len(gl) <= len(gr) else sum(v * gl.get(k, 0.0) for k, v in gr.items())
    union = f.stems | g.stems
    topics, topic_union = len(f.topics & g.topics), f.topics | g.topics
    both_open, both_event = float(lc.sentence == 0 and rc.sentence == 0), float(f.reports_event and g.reports_event)
    facet, follow_up = float(bool((f.facets & g.facets) - {"follow_up"})), float("follow_up" in f.facets & g.facets)
    n, m = len(left), len(right)
    speakers, stance = speakers_of(lc, rc), float(bool(f.stances & g.stances))
    # The rules run on pairs that speak to one point, or that both state one of the event's circumstances.
    one_point = lexical >= 0.05 or facet or both_open or bool(f.cues & g.cues & CIRCUMSTANCE_CUES)
    reasons = contradictions(lc.text, rc.text) if one_point else []
    return [
        grams, len(f.stems & g.stems) / len(union) if union else 0.0,
        min(topics, 4) / 4.0, topics / len(topic_union) if topic_union else 0.0, float(not topic_union),
        min(len(f.names & g.names), 4) / 4.0, min(len(f.names ^ g.names), 6) / 6.0, min(len(f.glossary & g.glossary), 3) / 3.0,
        min(len(f.numbers & g.numbers), 3) / 3.0, float(bool(f.numbers) and bool(g.numbers) and not f.numbers & g.numbers),
        both_event, both_open * both_event, facet, follow_up,
        abs(a / max(1, n - 1) - b / max(1, m - 1)) if n > 1 and m > 1 else 0.0,
        float(speakers == "same"), float(speakers == "different"), stance, float(speakers == "different") * (1.0 - stance),
        float(f.commits and g.commits), min(f.words, g.words) / max(1, max(f.words, g.words)), float(min(f.words, g.words) <= 6),
        float(bool(reasons)), float(any(r.startswith(CIRCUMSTANCE_REASONS) for r in reasons)),
        float(topics > 0 and len(topic_union) > 0 and topics / len(topic_union) < 0.34),
    ]


def _features_and_definitions(accounts):
    vocabulary = default_vocabulary()
    left, right = (segment(account, k) for k, account in enumerate(accounts))
    reader = Reader(vocabulary)
    found = evidence(left, right, LexicalMatcher(vocabulary), reader)
    lf, rf = [reader.facts(c) for c in left], [reader.facts(c) for c in right]
    grams_left, grams_right = [_grams(f.tokens) for f in lf], [_grams(f.tokens) for f in rf]
    a, b = np.array([p[0] for p in found.pairs]), np.array([p[1] for p in found.pairs])
    lexical = found.similarity.at(a, b) if hasattr(found.similarity, "at") else found.similarity[a, b]  # float64
    expected = np.array([_by_definition(left, right, lf, rf, a, b, lexical[k], grams_left, grams_right)
                         for k, (a, b) in enumerate(found.pairs)], dtype=np.float32)
    return found, expected


def _long_accounts(sentences: int, seed: int = 3) -> list[Account]:
    """Two accounts drawn from the samples' sentences, each its own half of them in its own order."""
    pool = [f"{s.text.rstrip('.')} in round {r}." for r in range(4) for p in bundled_samples() for s in load_sample(p).sentences.values()]
    rng = random.Random(seed)
    accounts = []
    for name in ("Left", "Right"):
        chosen = rng.sample(pool, k=sentences)
        accounts.append(Account(name, "\n\n".join(" ".join(chosen[i:i + 5]) for i in range(0, len(chosen), 5)) + "\n"))
    return accounts


def test_an_events_pair_features_are_each_pairs_own_definition():
    sample = load_sample(next(p for p in bundled_samples() if p.name == "rouhani-macron-2018-01"))
    found, expected = _features_and_definitions(sample.accounts[:2])
    got = found.features[:, 8:len(LEXICAL_FEATURES)]
    grams = OWN.index("char_grams")
    others = [k for k in range(len(OWN)) if k != grams]
    assert np.array_equal(got[:, others], expected[:, others])
    # every pair of a short event: the grams' cosines come from one matrix product (its own order of sums)
    assert np.allclose(got[:, grams], expected[:, grams], atol=1e-6)


def test_long_accounts_pair_features_are_each_pairs_own_definition_to_the_last_bit():
    found, expected = _features_and_definitions(_long_accounts(260))
    assert found.shape[0] * found.shape[1] > ALL_PAIRS_UP_TO  # aligned from candidate lists
    got = found.features[:, 8:len(LEXICAL_FEATURES)]
    differing = [name for k, name in enumerate(OWN) if not np.array_equal(got[:, k], expected[:, k])]
    assert differing == []
    assert got[:, OWN.index("contradiction")].any() and got[:, OWN.index("char_grams")].any()


def _associations_by_definition(index, pairs, stems):
    out = np.zeros((len(pairs), 2))
    left, right = stems
    for row, (a, b) in enumerate(pairs):
        la, rb = left[a], right[b]
        best = total = 0.0
        for u in la:
            partners = index.get(u)
            if not partners or u in rb:
                continue
            for v in rb:
                w = partners.get(v)
                if w and v not in la:
                    best = max(best, w)
                    total += w
        out[row] = (min(best, 4.0) / 4.0, min(total, 8.0) / 8.0)
    return out


@pytest.mark.parametrize("table", ["shipped", "dense"])
def test_association_features_are_each_pairs_own_sum(table):
    vocabulary = default_vocabulary()
    left, right = (segment(account, k) for k, account in enumerate(_long_accounts(120)))
    reader = Reader(vocabulary)
    found = evidence(left, right, LexicalMatcher(vocabulary), reader)
    if table == "shipped":
        index = association_index(load_scorer("lexical").associations)
    else:  # many more associations than the shipped table: every kind of overlap occurs
        rng = random.Random(1)
        terms = sorted({t for side in found.stems for s in side for t in s})
        index = association_index({(u, v): round(rng.uniform(0.5, 3), 4) for u, v in
                                   (sorted(rng.sample(terms, 2)) for _ in range(20_000))})
    got = association_features(index, found.pairs, found.stems)
    expected = _associations_by_definition(index, found.pairs, found.stems)
    assert np.array_equal(got, expected) and got[:, 1].any()


def test_sparse_rows_answer_what_the_sets_and_dicts_answer():
    rng = random.Random(2)
    left = [set(rng.sample(range(3000), rng.randint(0, 60))) for _ in range(900)]
    right = [set(rng.sample(range(3000), rng.randint(0, 60))) for _ in range(700)]
    ids: dict = {}
    rows_left, rows_right = set_rows(left, right, index=ids)
    of_id = {v: k for k, v in ids.items()}
    a = np.array([rng.randrange(len(left)) for _ in range(5000)])
    b = np.array([rng.randrange(len(right)) for _ in range(5000)])
    assert rows_left.shared(a, rows_right, b).tolist() == [len(left[i] & right[j]) for i, j in zip(a, b)]
    pair, entry, found = rows_left.holds(a, rows_right, b)
    assert found.tolist() == [of_id[rows_left.ids[e]] in right[b[k]] for k, e in zip(pair, entry)]
    weights_left = [{item: rng.random() for item in s} for s in left]
    weights_right = [{item: rng.random() for item in s} for s in right]

    def weighted(rows):
        flat = [(ids[item], w) for row in rows for item, w in row.items()]
        start = np.concatenate([[0], np.cumsum([len(row) for row in rows])])
        return SparseRows(start, np.array([i for i, _ in flat]), len(ids), np.array([w for _, w in flat]))

    dots = weighted(weights_left).dot(a, weighted(weights_right), b)
    assert dots.tolist() == [sum(w * weights_right[j].get(item, 0.0) for item, w in weights_left[i].items()) for i, j in zip(a, b)]


def test_the_cues_never_hide_a_reason_the_rules_give(monkeypatch):
    texts = [s.text for p in bundled_samples() for s in load_sample(p).sentences.values()]
    rng = random.Random(4)
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(20_000)]
    gated = [contradictions(a, b) for a, b in pairs]
    monkeypatch.setattr(conflicts, "conflict_cues", lambda text: -1)  # every cue on every claim: every rule runs
    assert [contradictions(a, b) for a, b in pairs] == gated
    assert sum(map(bool, gated)) > 20


def test_the_tree_shaped_pattern_finds_what_the_longest_first_list_finds():
    rng = random.Random(6)
    vocabulary_phrases = list(default_vocabulary()._variants)  # the glossary's names and synonyms, folded
    for phrases in [vocabulary_phrases] + [list({"".join(rng.choice("ab -'.") for _ in range(rng.randint(1, 5)))
                                                 for _ in range(rng.randint(1, 12))}) for _ in range(200)]:
        ordered = sorted(phrases, key=len, reverse=True)
        plain = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])")
        tree = re.compile(r"(?<![\w'])(?:" + longest_first(ordered) + r")(?![\w-])")
        texts = [" ".join(rng.sample(ordered, k=min(3, len(ordered)))) + " " + "".join(rng.choice("ab -'.xy") for _ in range(30))
                 for _ in range(20)]
        assert [[m.span() for m in tree.finditer(t)] for t in texts] == [[m.span() for m in plain.finditer(t)] for t in texts]
