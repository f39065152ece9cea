"""Finding words in the accounts, stepping through one kind of group, and what is left to review:
the Qt-free rules the window's find bar, Go menu and "To review" filter read (core.find,
core.reading, core.review)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from readout_compare.core.find import find_claims, fold
from readout_compare.core.model import Account, Claim, Comparison, Link, Reason, Relation, claim_id
from readout_compare.core.reading import Reading
from readout_compare.store import judgements as jm


def comparison(accounts, links) -> Comparison:
    accs, claims = [], []
    for k, (label, sentences) in enumerate(accounts):
        text, mine = "", []
        for i, sentence in enumerate(sentences):
            mine.append(Claim(claim_id(k, i), k, i, len(text), len(text) + len(sentence), sentence))
            text += sentence + " "
        accs.append(Account(label, text))
        claims.append(tuple(mine))
    out = tuple(Link((a, b), Relation(rel), 0.8, reasons=(Reason("scorer", score=p),)) for a, b, rel, p in links)
    return Comparison(tuple(accs), tuple(claims), out)


@pytest.fixture
def call() -> Comparison:
    """Norvale and Ebria: A1=B1 (sure), A2≠B2 (a conflict, unsure), A3 alone, A4~B3 (related, very unsure),
    A5=B4 (fairly sure), A6≠B5 (a conflict, sure)."""
    return comparison(
        [
            ("Norvale", [
                "The President of Norvale spoke with the Prime Minister of Ebria.",
                "The call lasted three hours.",
                "The President raised the Élysée talks.",
                "They discussed the river.",
                "They agreed to reopen the crossing.",
                "Norvale will send a delegation in June.",
            ]),
            ("Ebria", [
                "The Prime Minister of Ebria spoke with the President of Norvale.",
                "The conversation lasted forty minutes.",
                "Energy along the RIVER was mentioned.",
                "The crossing will reopen.",
                "No delegation is expected before autumn.",
            ]),
        ],
        [("A1", "B1", "match", 0.99), ("A2", "B2", "conflict", 0.55), ("A4", "B3", "related", 0.31),
         ("A5", "B4", "match", 0.8), ("A6", "B5", "conflict", 0.9)],
    )


# -- find ---------------------------------------------------------------------------------------------
def test_find_ignores_case_and_accents_and_gives_places_in_the_claims_text(call):
    matches = find_claims(call, "elysee")
    assert [m.claim for m in matches] == ["A3"]
    text = call.claim("A3").text
    (start, end), = matches[0].ranges
    assert text[start:end] == "Élysée"
    river = find_claims(call, "River")
    assert [m.claim for m in river] == ["A4", "B3"]  # reading order: the first account first
    assert call.claim("B3").text[slice(*river[1].ranges[0])] == "RIVER"


def test_find_counts_every_place_in_a_claim_and_nothing_for_blank(call):
    the = {m.claim: len(m.ranges) for m in find_claims(call, "the")}
    assert the["A1"] == 2  # "The President", "the Prime Minister"
    assert find_claims(call, "   ") == ()
    assert find_claims(call, "fishermen") == ()


@pytest.mark.parametrize("text", ["Élysée", "Straße", "ﬁnal", "a\u0301b", "Tehran", "روحانی گفت", "İstanbul", "Кремль"])
def test_the_quick_fold_says_what_the_full_fold_says(text):
    from readout_compare.core.find import fold_quickly

    folded, origin = fold(text)
    quick, quick_origin = fold_quickly(text)
    assert quick == folded
    assert (quick_origin or list(range(len(text)))) == origin


def test_fold_keeps_the_way_back_to_the_original_characters():
    folded, origin = fold("Straße Élan")
    assert folded == "strasse elan"
    assert [origin[i] for i in range(len(folded))][4:6] == [4, 4]  # "ss" both come from "ß"


# -- navigation by kind -------------------------------------------------------------------------------
def test_next_and_previous_of_one_kind_skip_the_other_kinds(call):
    r = Reading(call)
    conflicts = [r.group_of("A2"), r.group_of("A6")]
    assert r.groups_of_kind("conflict") == tuple(conflicts)
    assert r.next_of_kind("conflict", None) == conflicts[0]
    assert r.next_of_kind("conflict", conflicts[0]) == conflicts[1]
    assert r.next_of_kind("conflict", conflicts[1]) is None
    assert r.next_of_kind("conflict", None, -1) == conflicts[1]
    assert r.next_of_kind("conflict", conflicts[1], -1) == conflicts[0]
    # from a group of another kind: the nearest conflict in that direction
    assert r.next_of_kind("conflict", r.group_of("A3"), 1) == conflicts[1]
    assert r.next_of_kind("conflict", r.group_of("A3"), -1) == conflicts[0]
    omissions = r.groups_of_kind("omission")
    assert {r.groups[g].claims[0] for g in omissions} == {"A3", "A4", "B3"}
    assert r.first_of_kind("difference") == r.differences[0] and r.last_of_kind("difference") == r.differences[-1]
    assert r.next_difference(None) == r.differences[0]
    with pytest.raises(ValueError):
        r.groups_of_kind("tone")


# -- review ---------------------------------------------------------------------------------------------
def test_groups_to_review_come_least_sure_first(call):
    review = Reading(call).review
    r = Reading(call)
    first = [r.groups[g].claims for g in review.order]
    # the related link (0.31) leaves both its ends to review; then the conflict (0.55), 0.8, 0.9, 0.99
    assert first == [("A4",), ("B3",), ("A2", "B2"), ("A5", "B4"), ("A6", "B5"), ("A1", "B1")]
    assert review.current_link(r.group_of("A2")).claims == ("A2", "B2")
    assert review.header() == "0 of 6 groups reviewed"  # A3 has no link: nothing to review


def test_a_judged_link_is_reviewed_and_the_total_stays_when_a_link_is_removed(call):
    def judged(*steps):
        made = [jm.Judgement(n, kind, value, tuple(jm.Anchor.of(call.claim(c)) for c in pair)) for n, (kind, value, pair) in enumerate(steps)]
        shown = jm.apply(call, made)
        reading = Reading(shown)
        reading.engine = call
        return reading

    accepted = judged((jm.LINK, "conflict", ("A2", "B2")))
    assert accepted.review.header() == "1 of 6 groups reviewed"
    assert accepted.group_of("A2") not in accepted.review.order
    rejected = judged((jm.UNLINK, "", ("A4", "B3")))  # the related link removed: both its ends reviewed
    assert rejected.review.header() == "2 of 6 groups reviewed"
    assert rejected.review.order[0] == rejected.group_of("A2")
    assert rejected.groups_of_kind("unreviewed") == tuple(sorted(rejected.review.order))


def test_a_group_marked_reviewed_leaves_the_review(call):
    reading = Reading(call)
    reading.reviewed_claims = {"A5", "B4"}
    assert reading.group_of("A5") not in reading.review.order
    assert reading.review.header() == "1 of 6 groups reviewed"


def test_a_link_without_confidence_is_reviewed_first(call):
    links = tuple(replace(ln, reasons=()) if ln.claims == ("A1", "B1") else ln for ln in call.links)
    r = Reading(replace(call, links=links))
    assert r.groups[r.review.order[0]].claims == ("A1", "B1")
