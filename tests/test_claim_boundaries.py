"""The analyst's own claim boundaries in the engine: a claim cut in two, two claims joined, through
``compare`` (``Settings.boundaries``), so links and omissions follow the analyst's claims."""

from readout_compare.core.boundaries import Boundary, snapped_cut, suggested_cut
from readout_compare.core.compare import Settings, compare
from readout_compare.core.model import Account

# One Norvale sentence holds two decisions; Ebria reports each in a sentence of its own.
NORVALE = Account("Norvale presidency", (
    "The President of Norvale received the Foreign Minister of Ebria in the capital on Monday.\n"
    "The two sides agreed to reopen the northern border crossing for trade before the end of the month "
    "and to hold expert talks on sharing the river's hydropower in Ostrava in May.\n"
    "The President thanked Ebria for its help after the floods.\n"
))
EBRIA = Account("Ebrian foreign ministry", (
    "The Foreign Minister of Ebria was received by the President of Norvale on Monday.\n"
    "The northern border crossing will reopen for trade before the end of the month, the sides agreed.\n"
    "Experts of both countries will meet in Ostrava in May to discuss sharing the hydropower of the river.\n"
))
CUT = NORVALE.text.index("and to hold expert talks")


def partners(comparison, claim_id):
    return sorted(comparison.partner(link, claim_id).id for link in comparison.links_of(claim_id) if link.relation.is_counterpart)


def test_a_claim_cut_by_the_analyst_becomes_two_claims_each_with_its_own_counterpart():
    engine = compare([NORVALE, EBRIA])
    assert [c.id for c in engine.claims[0]] == ["A1", "A2", "A3"]
    assert partners(engine, "A2") == ["B2", "B3"]  # one claim against two: the engine cannot tell which decision is which

    mine = compare([NORVALE, EBRIA], Settings(boundaries=(Boundary.cut(0, CUT),)))
    _, crossing, talks, thanks = mine.claims[0]
    assert crossing.text == "The two sides agreed to reopen the northern border crossing for trade before the end of the month"
    assert talks.text == "and to hold expert talks on sharing the river's hydropower in Ostrava in May."
    assert (crossing.id, talks.id, thanks.id) == ("A2", "A3", "A4")  # ids follow the text
    assert NORVALE.text[talks.start:talks.end] == talks.text
    assert partners(mine, "A2") == ["B2"] and partners(mine, "A3") == ["B3"]
    assert thanks in mine.omissions(0)
    assert crossing.sentence == talks.sentence  # cut from one sentence


def test_claims_joined_by_the_analyst_become_one_claim():
    first = EBRIA.text.index("The northern")
    end = EBRIA.text.index("of the river.") + len("of the river.")
    mine = compare([NORVALE, EBRIA], Settings(boundaries=(Boundary.join(1, first, end),)))
    assert [c.id for c in mine.claims[1]] == ["B1", "B2"]
    joined = mine.claim("B2")
    assert joined.text.startswith("The northern border crossing") and joined.text.endswith("hydropower of the river.")
    assert partners(mine, "B2") == ["A2"]


def test_boundaries_apply_in_the_order_made_and_a_cut_where_a_claim_ends_changes_nothing():
    end_of_first = NORVALE.text.index("\n")
    assert compare([NORVALE, EBRIA], Settings(boundaries=(Boundary.cut(0, end_of_first),))).claims == compare([NORVALE, EBRIA]).claims
    # join the first two claims, then cut the joined claim where the analyst wants: three claims again, cut elsewhere
    start, end = 0, NORVALE.text.index("in May.") + len("in May.")
    mine = compare([NORVALE, EBRIA], Settings(boundaries=(Boundary.join(0, start, end), Boundary.cut(0, CUT))))
    assert [c.text[:24] for c in mine.claims[0]] == ["The President of Norvale", "and to hold expert talks", "The President thanked Eb"]


def test_the_split_dialog_starts_at_a_clause_boundary_and_never_inside_a_word():
    text = "Iranian forces went to Iraq and Syria because Baghdad asked for them, Dr. Rouhani said, and they are there to fight terrorists."
    assert text[suggested_cut(text):].startswith("and they are there")
    two = "The leaders spoke on Monday. They agreed to meet again in May."
    assert two[suggested_cut(two):] == "They agreed to meet again in May."
    assert text[snapped_cut(text, text.index("Baghdad") + 3):].startswith("Baghdad")  # "Bag|hdad" moves to the space before
    assert snapped_cut("Tehran", 3) == 0  # one word: nowhere to cut
