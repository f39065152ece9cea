"""An omission the engine is unsure of names the claim that may be its counterpart.

A claim left without a counterpart in an account, whose likeliest candidate there still has a fair
chance of being it (``align.POSSIBLE_COUNTERPART`` up to the scorer's threshold), keeps its
omission mark, but every view says which claim to check and how likely the engine thinks it is:
the window's caption, the terminal report, the briefings and the JSON.
"""

from __future__ import annotations

import json
import re

import pytest

from readout_compare.core.align import POSSIBLE_COUNTERPART
from readout_compare.core.compare import Settings, compare
from readout_compare.core.explain import possible_counterpart
from readout_compare.core.model import Relation
from readout_compare.core.reading import Reading, State
from readout_compare.core.scorer import load_scorer
from readout_compare.evaluation import bundled_samples, load_sample, score
from readout_compare.export import json_form
from readout_compare.export.text_report import render as render_report

BIDEN_PUTIN = "biden-putin-video-call-2021-12"
POINTER = re.compile(r"possibly the counterpart of ([A-E]\d+), (\d+)% likely")


@pytest.fixture(scope="module")
def lexical_samples():
    out = []
    for path in bundled_samples():
        sample = load_sample(path)
        out.append((sample, compare(sample.accounts, Settings(matcher="lexical"))))
    return out


def test_an_unsure_omission_names_its_possible_counterpart_in_the_caption(lexical_samples):
    sample, comparison = next((s, c) for s, c in lexical_samples if s.name == BIDEN_PUTIN)
    reading = Reading(comparison)
    # "Joint work on regional issues, among them Iran, was covered as well." has no counterpart
    # the engine is sure of; it is still an omission, with the claim to check named.
    claim = next(c for c in comparison.claims[0] if c.text.startswith("Joint work on regional issues"))
    assert reading.state(claim.id) is State.RELATED
    assert claim in reading.omissions(0, 1)
    found = POINTER.search(reading.caption(claim.id))
    assert found, reading.caption(claim.id)
    other, percent = found.group(1), int(found.group(2))
    link = next(ln for ln in comparison.links_of(claim.id) if other in ln.claims)
    assert link.relation is Relation.RELATED
    assert percent == round(100 * possible_counterpart(link))
    assert "possibly the counterpart of " + other in render_report(comparison)


def test_a_possible_counterpart_is_offered_only_for_a_claim_without_a_counterpart_there(lexical_samples):
    threshold = load_scorer("lexical").threshold
    named = 0
    for sample, comparison in lexical_samples:
        for link in comparison.links:
            chance = possible_counterpart(link)
            if chance is None:
                continue
            named += 1
            assert link.relation is Relation.RELATED
            assert POSSIBLE_COUNTERPART <= chance < threshold, (sample.name, link.claims, chance)
            a, b = (comparison.claim(c) for c in link.claims)
            # offered for the claim (or claims) with no counterpart in the other's account
            unsure = [(x, y) for x, y in ((a, b), (b, a)) if not any(c.account == y.account for c in comparison.counterparts(x.id))]
            assert unsure, (sample.name, link.claims)
    assert named, "no sample has an unsure omission: the case this is about did not occur"


def test_naming_a_possible_counterpart_changes_no_counterpart_or_omission(lexical_samples):
    """The pointer is advice beside the omission mark, never a link the scores count as a counterpart."""
    for sample, comparison in lexical_samples:
        result = score(comparison, sample)
        stripped = type(comparison)(comparison.accounts, comparison.claims,
                                    tuple(ln for ln in comparison.links if possible_counterpart(ln) is None), comparison.matcher)
        plain = score(stripped, sample)
        assert (result.counterpart, result.omission, result.conflict) == (plain.counterpart, plain.omission, plain.conflict)
        assert result.plain_omission.tp + result.plain_omission.fp <= result.omission.tp + result.omission.fp


def test_the_json_carries_the_chance_as_a_reason(lexical_samples):
    sample, comparison = next((s, c) for s, c in lexical_samples if s.name == BIDEN_PUTIN)
    data = json.loads(json_form.to_json(comparison))
    offered = [ln for ln in data["links"] if any(r["kind"] == "possible_counterpart" for r in ln["reasons"])]
    assert offered
    for ln in offered:
        assert ln["relation"] == "related"
        chance = next(r["score"] for r in ln["reasons"] if r["kind"] == "possible_counterpart")
        assert POSSIBLE_COUNTERPART <= chance < 1 and ln["confidence"] >= chance
