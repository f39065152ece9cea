"""The briefing model: what every format says, computed once."""

from readout_compare.export.briefing import Judgement, build_briefing, group_id


def test_summary_counts_each_claim_once_per_account(rouhani_macron):
    briefing = build_briefing(rouhani_macron, title="Rouhani–Macron call")
    for k, summary in enumerate(briefing.accounts):
        assert summary.claims == len(rouhani_macron.claims[k])
        assert summary.omitted == len(rouhani_macron.omissions(k))
        # Two accounts: every claim is matched, omitted or in conflict.
        assert summary.matched + summary.omitted + summary.in_conflict == summary.claims
        assert summary.words == rouhani_macron.accounts[k].words
    assert round(sum(a.share for a in briefing.accounts)) == 100


def test_each_account_leads_with_its_first_claims(rouhani_macron):
    briefing = build_briefing(rouhani_macron)
    iran = briefing.accounts[0]
    assert iran.leads_with[0].startswith("In a telephone conversation with French President")
    assert iran.leads_with[1].startswith("Rouhani said Iran's presence in Iraq and Syria")


def test_only_in_sections_are_the_omissions(rouhani_macron):
    briefing = build_briefing(rouhani_macron)
    for section in briefing.only_in:
        assert [c.id for c in section.claims] == [c.id for c in rouhani_macron.omissions(section.account)]
    assert briefing.only_in[1].label == "Élysée" and briefing.only_in[1].others == ("Iranian presidency",)


def test_differing_words_are_the_engine_wording_spans(rouhani_macron):
    briefing = build_briefing(rouhani_macron)
    marked = {(c.id, p.text) for g in briefing.aligned for c in g.claims for p in c.pieces if p.differs}
    expected = set()
    for link in rouhani_macron.links:
        if link.relation.is_counterpart:
            for span in link.wording:
                text = rouhani_macron.accounts[rouhani_macron.claim(span.claim).account].text[span.start:span.end]
                expected.add((span.claim, text))
    assert expected and all(any(cid == i and t in p for i, p in marked) for cid, t in expected)
    # And the pieces put together are the claim, unchanged.
    for group in briefing.groups:
        for claim in group.claims:
            assert "".join(p.text for p in claim.pieces) == claim.text


def test_conflicts_carry_their_reasons_not_the_similarity_score(arland_belmark):
    briefing = build_briefing(arland_belmark)
    assert len(briefing.conflicts) == len(arland_belmark.conflicts())
    reasons = [r for c in briefing.conflicts for r in c.reasons]
    engine = [r.text for link in arland_belmark.conflicts() for r in link.reasons if r.kind == "contradiction"]
    assert reasons == engine and reasons
    assert not any(r.startswith(("similarity", "shared words")) for r in reasons)


def test_tags_and_notes_attach_to_claims_and_groups(rouhani_macron):
    first = rouhani_macron.groups[0]
    omitted = rouhani_macron.omissions(1)[0]
    briefing = build_briefing(rouhani_macron, judgements={
        group_id(first): {"tags": ["opening"], "note": "both open with the call itself"},
        omitted.id: Judgement(("omitted by Tehran",), "protests"),
    })
    row = briefing.groups[0]
    assert row.judgement.tags == ("opening",) and "both open" in row.judgement.note
    only = {c.id: c for c in briefing.only_in[1].claims}
    assert only[omitted.id].judgement.tags == ("omitted by Tehran",)
    assert briefing.tagged


def test_select_picks_groups_by_group_or_claim_id(rouhani_macron):
    briefing = build_briefing(rouhani_macron)
    aligned = briefing.aligned
    picked = briefing.select([aligned[-1].id, aligned[0].claims[0].id])
    assert [g.id for g in picked] == [aligned[0].id, aligned[-1].id]


def test_control_characters_are_dropped_from_account_text(hostile):
    briefing = build_briefing(hostile, judgements={"A1": "note\x00with\x07bells"})
    assert briefing.groups[0].claims[0].judgement.note == "notewithbells"


def three_accounts():
    """A hand-made comparison of three accounts, so the test does not depend on the engine's tuning."""
    from readout_compare.core.model import Account, Claim, Comparison, Link, Relation, WordingSpan

    texts = [["The talks were long.", "A fund was set up.", "Trade was discussed."],
             ["The talks were lengthy.", "Trade was reviewed."],
             ["The talks were long and hard."]]
    accounts, claims = [], []
    for k, sentences in enumerate(texts):
        text, mine, pos = " ".join(sentences), [], 0
        for n, sentence in enumerate(sentences):
            mine.append(Claim(f"{'ABC'[k]}{n + 1}", k, n, pos, pos + len(sentence), sentence, n))
            pos += len(sentence) + 1
        accounts.append(Account(f"Account {'ABC'[k]}", text))
        claims.append(tuple(mine))
    links = (
        Link(("A1", "B1"), Relation.MATCH, 0.8, ("wording",), wording=(WordingSpan("A1", 15, 19), WordingSpan("B1", 15, 22))),
        Link(("B1", "C1"), Relation.MATCH, 0.7),
        Link(("A3", "B2"), Relation.MATCH, 0.6),
    )
    return Comparison(tuple(accounts), tuple(claims), links)


def test_with_three_accounts_missing_follows_the_direct_links():
    briefing = build_briefing(three_accounts())
    first = briefing.only_in[0]
    assert [c.id for c in first.claims] == ["A2"]  # no other account has the fund
    # A3 (trade) is in B but not in C. A1 shares a row with C1 only through B1: no link joins A1
    # and C1, so C has no counterpart for it (the gold's convention, and the window's).
    assert [(c.id, missing) for c, missing in first.partly] == [("A1", ("Account C",)), ("A3", ("Account C",))]
    assert briefing.aligned[0].cells[2][0].id == "C1"
    assert [p.text for p in briefing.aligned[0].cells[0][0].pieces if p.differs] == ["long"]


def test_a_link_the_analyst_set_says_so_and_who_never_a_score(arland_belmark):
    from readout_compare.export.html_form import render_html
    from readout_compare.store.judgements import Anchor, Judgement as StoredJudgement, apply

    a, b = arland_belmark.claims[0][-1], arland_belmark.claims[1][-1]
    made = StoredJudgement(1, "link", "match", (Anchor.of(a), Anchor.of(b)), author="Dana")
    briefing = build_briefing(apply(arland_belmark, [made]))
    row = next(g for g in briefing.groups if a.id in [c.id for c in g.claims])
    assert row.set_by == "set by the analyst (Dana)"
    html = render_html(briefing)
    cell = html[html.index("set by the analyst (Dana)") - 400 : html.index("set by the analyst (Dana)")]
    assert "score" not in cell.rsplit("<tr", 1)[-1]
