"""Who speaks, however each account names them: one person is one speaker, two are two."""

from readout_compare.core.compare import compare
from readout_compare.core.model import Account, Relation
from readout_compare.core.people import identify, relation
from readout_compare.core.segment import segment


def people_of(*texts):
    claims = [segment(Account(f"Account {k}", text), k) for k, text in enumerate(texts)]
    return claims, [identify(c) for c in claims]


WHITE_HOUSE = ("President Biden spoke today with President Xi Jinping of the People's Republic of China. "
               "The President raised concerns about the PRC's conduct in the South China Sea. "
               "President Xi said that China would defend its sovereignty.")
XINHUA = ("Chinese President Xi Jinping held a video call with US President Joe Biden on Tuesday morning. "
          "Xi said the Taiwan question is the most important issue in China-US relations. "
          "Biden said the US side does not seek a new Cold War.")


def test_a_surname_and_a_full_name_are_one_speaker_and_a_title_is_the_accounts_own_leader():
    (wh, xh), (wh_people, xh_people) = people_of(WHITE_HOUSE, XINHUA)
    president, xi = wh_people[1], wh_people[2]  # "The President raised", "President Xi said"
    assert relation(xi, xh_people[1]) == "same"  # "President Xi" / "Xi said" in another account
    assert relation(president, xh_people[2]) == "same"  # the White House's "the President" is Biden
    assert relation(president, xh_people[1]) == "different"


def test_the_same_title_in_two_accounts_can_be_two_people():
    mexico = ("President Andrés Manuel López Obrador spoke by telephone with President Donald Trump. "
              "The President stressed that Mexico would keep its commitments on migration.")
    washington = ("President Donald J. Trump spoke with President Andrés Manuel López Obrador of Mexico. "
                  "The President welcomed the new measures to secure the southern border.")
    _, (mx, us) = people_of(mexico, washington)
    assert relation(mx[1], us[1]) == "different"


def test_two_men_who_share_a_given_name_are_not_one_speaker():
    _, (a, b) = people_of("Crown Prince Mohammed bin Salman said the kingdom would host the talks.",
                          "Sheikh Mohammed bin Zayed said the Emirates would take part in the talks.")
    assert relation(a[0], b[0]) == "different"


def test_a_collective_or_a_side_is_no_one_speaker():
    _, (a, b) = people_of("The two presidents agreed to stay in touch.", "The Chinese side said it was ready to talk.")
    assert a[0] is None and b[0] is None


def test_a_counterpart_told_by_one_speaker_in_two_ways_is_no_difference_of_attribution():
    from readout_compare.core.kinds import difference_kinds

    west = "President Biden spoke with President Xi Jinping. President Xi said that China would firmly defend its sovereignty and territorial integrity."
    east = "Xi Jinping held a video call with Joe Biden. Jinping said China would firmly defend its sovereignty and territorial integrity."
    comparison = compare([Account("White House", west), Account("Xinhua", east)])
    a, b = comparison.claims[0][1], comparison.claims[1][1]
    link = comparison.link_between(a.id, b.id)
    assert link is not None and link.relation.is_counterpart
    assert "attribution" not in link.kinds
    assert "attribution" in difference_kinds(a, b)  # the speakers as worded ("Xi" / "Jinping") differ


def test_a_side_against_a_leader_is_still_a_difference_of_attribution():
    """Where the persons cannot be told (a government, not a person), the accounts' own words decide."""
    from readout_compare.core.kinds import difference_kinds

    west = "The Chinese side said it would defend its sovereignty and territorial integrity."
    east = "Xi Jinping said China would defend its sovereignty and territorial integrity."
    (a,), (b,) = (segment(Account(n, t), k) for k, (n, t) in enumerate((("State", west), ("Xinhua", east))))
    (pa,), (pb,) = identify([a]), identify([b])
    assert pa is None and relation(pa, pb) == ""
    assert "attribution" in difference_kinds(a, b, speakers=relation(pa, pb))
