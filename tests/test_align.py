"""Alignment: relations, reordering, one-to-many links, three accounts, wording spans, conflicts."""

from readout_compare.core.compare import compare
from readout_compare.core.model import Account, Relation

IRAN = (
    "President Rouhani spoke by telephone with President Macron. "
    "The two presidents reviewed the situation in Iraq, Syria and Lebanon. "
    "Rouhani said Iran would stay committed to the nuclear agreement as long as it benefits. "
    "Rouhani accused an exile group based in Paris of stirring the protests."
)
FRANCE = (
    "President Macron spoke by telephone with President Rouhani. "
    "President Macron recalled France's commitment to the strict implementation of the nuclear deal. "
    "The two presidents discussed the regional situation, notably in Syria, Iraq and Lebanon. "
    "Macron called for restraint toward demonstrators and respect for fundamental freedoms."
)


def relation_between(comparison, a, b):
    link = comparison.link_between(a, b)
    return link.relation if link else None


def test_reordered_topics_are_aligned_and_omissions_found():
    c = compare([Account("Iranian presidency", IRAN), Account("Élysée", FRANCE)])
    assert relation_between(c, "A1", "B1") is Relation.MATCH
    # the accounts tell the nuclear deal and the region in opposite orders
    assert relation_between(c, "A2", "B3") is Relation.MATCH
    # the nuclear deal: the same topic in both (A3–B2); the exile group and the demonstrators are
    # each left out by the other side
    assert relation_between(c, "A3", "B2") in (Relation.MATCH, Relation.RELATED)
    assert "A4" in [x.id for x in c.omissions(0)]
    assert "B4" in [x.id for x in c.omissions(1)]


def test_matched_claims_carry_wording_spans_on_both_texts():
    c = compare([Account("Iranian presidency", IRAN), Account("Élysée", FRANCE)])
    link = c.link_between("A2", "B3")
    a, b = c.claim("A2"), c.claim("B3")
    left = {c.accounts[0].text[w.start : w.end] for w in link.wording if w.claim == "A2"}
    right = {c.accounts[1].text[w.start : w.end] for w in link.wording if w.claim == "B3"}
    assert "reviewed" in " ".join(left) and "discussed" in " ".join(right)
    assert all(a.start <= w.start < w.end <= a.end for w in link.wording if w.claim == "A2")
    assert all(b.start <= w.start < w.end <= b.end for w in link.wording if w.claim == "B3")
    assert "wording" in link.kinds
    # words both claims share in the same place are not marked
    assert not any("Lebanon" in s or "two presidents" in s for s in left | right)


def test_identical_claims_have_no_wording_difference():
    text = "The ministers agreed to open a new border crossing at Tarn."
    c = compare([Account("A", text + " Other matters were set aside."), Account("B", text)])
    link = c.link_between("A1", "B1")
    assert link.relation is Relation.MATCH and link.wording == () and "wording" not in link.kinds


def test_conflicts_are_flagged_with_a_reason():
    a = (
        "Foreign Minister Reyes received Minister Varga in Porto Alto on Tuesday at his request. "
        "The talks lasted three hours and covered fishing rights in the Strait of Keld. "
        "The ministers agreed to resume the joint border commission before the end of the year."
    )
    b = (
        "At the invitation of the Arlandese side, Minister Varga paid a working visit to Porto Alto. "
        "During a ninety-minute meeting the ministers discussed fishing in the Strait of Keld. "
        "No decision was taken on the joint border commission, which remains suspended."
    )
    c = compare([Account("Arland", a), Account("Belmark", b)])
    for x, y, why in (("A1", "B1", "initiated"), ("A2", "B2", "duration"), ("A3", "B3", "did not happen")):
        link = c.link_between(x, y)
        assert link is not None and link.relation is Relation.CONFLICT, (x, y)
        assert any(why in reason.text for reason in link.reasons if reason.kind == "contradiction")
    assert {ln.claims for ln in c.conflicts()} == {("A1", "B1"), ("A2", "B2"), ("A3", "B3")}


def test_one_summary_claim_links_to_two_detailed_claims():
    a = "The leaders discussed energy cooperation and new infrastructure investment."
    b = (
        "The leaders discussed cooperation in energy. "
        "They also discussed investment in new infrastructure. "
        "The weather in the capital was cold."
    )
    c = compare([Account("A", a), Account("B", b)])
    assert {x.id for x in c.counterparts("A1")} == {"B1", "B2"}
    group = c.group_of("A1")
    assert set(group.claims) == {"A1", "B1", "B2"}


def test_three_accounts_are_aligned_pairwise_into_groups():
    one = "The leaders agreed on a ceasefire in eastern Ukraine by the end of the year. They discussed prisoner exchanges."
    two = "The leaders agreed on a full ceasefire in eastern Ukraine before the end of the year. Gas transit was raised."
    three = "A complete ceasefire in eastern Ukraine was agreed for the end of the year. Prisoner exchanges were discussed."
    c = compare([Account("Élysée", one), Account("Kremlin", two), Account("Ukrainian presidency", three)])
    group = c.group_of("A1")
    assert set(group.claims) == {"A1", "B1", "C1"} and group.relation is Relation.MATCH
    # a claim two accounts share but the third leaves out
    assert [x.id for x in c.omissions(1, 0)] == ["B2"]
    assert {x.id for x in c.counterparts("A2")} == {"C2"}
    assert c.is_omitted("A2", 1) and not c.is_omitted("A2", 2)


def test_unrelated_accounts_produce_no_counterparts():
    c = compare([Account("A", "The harvest was early this year. Rain fell in April."),
                 Account("B", "The central bank raised interest rates. Inflation slowed.")])
    assert not [ln for ln in c.links if ln.relation.is_counterpart]
    assert len(c.omissions(0)) == 2 and len(c.omissions(1)) == 2


def test_glossary_lets_different_names_match():
    a = "The two ministers discussed the fight against Daesh in Syria."
    b = "The two ministers discussed the fight against ISIS in Syria."
    c = compare([Account("A", a), Account("B", b)])
    link = c.link_between("A1", "B1")
    assert link.relation is Relation.MATCH
    assert any("ISIS" in v for r in link.reasons if r.kind == "glossary" for v in r.values)


def test_scores_are_between_zero_and_one():
    c = compare([Account("Iranian presidency", IRAN), Account("Élysée", FRANCE)])
    assert c.links and all(0.0 <= ln.score <= 1.0 for ln in c.links)


def test_a_custom_matcher_plugs_in_without_touching_alignment():
    import numpy as np

    class Diagonal:
        name = "diagonal"

        def similarity(self, left, right):
            return np.eye(len(left), len(right))

    c = compare([Account("A", "One thing. Two things."), Account("B", "Alpha. Beta.")], matcher=Diagonal())
    assert c.matcher == "diagonal"
    assert relation_between(c, "A1", "B1") is Relation.MATCH and relation_between(c, "A2", "B2") is Relation.MATCH


def test_facets_pair_across_accounts_only_when_an_account_reports_them_once_or_twice():
    from readout_compare.core.facets import facet_pairs

    one = ["The talks lasted three hours.", "The ministers discussed fishing."]
    other = ["The meeting lasted ninety minutes.", "Trade was discussed."]
    assert facet_pairs(one, other) == {(0, 0): "duration"}
    # a chronology of many meetings: its durations are not the event's, so nothing is forced
    many = [f"Round {n} of the talks lasted {n + 1} hours." for n in range(6)]
    assert facet_pairs(many, other) == {}
