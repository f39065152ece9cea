"""Each contradiction rule and each difference kind, on small examples an analyst would recognise."""

import pytest

from readout_compare.core.conflicts import contradictions, durations
from readout_compare.core.kinds import commitment_level, difference_kinds
from readout_compare.core.model import Claim


@pytest.mark.parametrize(
    "left, right, reason",
    [
        ("The talks lasted three hours.", "In the course of a ninety-minute meeting the ministers met.", "duration differs: 3 hours vs 90 minutes"),
        ("The leaders spoke for about forty minutes.", "The conversation lasted more than an hour.", "duration differs"),
        ("Four Arlandese fishermen remain detained.", "Three fishermen remain detained.", "number differs: 4 vs 3 fishermen"),
        ("The ministers met on Tuesday.", "The ministers met on Wednesday.", "date differs"),
        ("The call took place on 3 January.", "The call took place on January 6.", "date differs: 3 january vs 6 january"),
        ("The ministers met on 20-21 June.", "The ministers met on 24 June.", "date differs: 20 june, 21 june vs 24 june"),
        ("The call took place at the request of the French side.", "The call took place at the invitation of Iran.", "who initiated differs"),
        ("The ministers agreed to resume the border commission.", "No decision was taken on the border commission.", "did not happen"),
        ("President Trump expressed concern about the rhetoric.", "President Trump did not voice any concern.", "did not happen"),
        ("The conversation was tense and difficult.", "The conversation took place in a warm and friendly atmosphere.", "tone differs: negative vs warm"),
        ("The call was placed at the Chinese side's request.", "At the request of the US side, Xi spoke with Biden.", "who initiated differs: china vs united states"),
        ("Erdoğan received a telephone call from President Putin of the Russian Federation.", "At the initiative of the Turkish side, Putin spoke with Erdoğan.", "who initiated differs: russia vs turkey"),
        ("The US will give 100 million dollars in aid.", "A new package of $185 million was announced.", "amount differs: 100 million vs 185 million USD"),
        ("No further meeting was agreed.", "The ministers agreed to meet again before the end of the year.", "did not happen"),
        ("A returns agreement was not on the agenda.", "The leaders discussed a returns agreement.", "did not happen"),
        ("The Secretary described the talks as productive.", "The spokesman called the talks regrettable.", "tone differs"),
        ("The ministers met in Geneva on Thursday.", "The ministers held talks in Vienna.", "place differs: Geneva vs Vienna"),
        # numbers of the same kind of thing, each side naming it its own way
        ("Six agreements were signed in the leaders' presence.", "The leaders witnessed the signing of eight cooperation documents.", "number differs: 6 vs 8 (agreements / documents)"),
        ("Each side will free fifty prisoners.", "The exchange covers forty-two detainees on each side.", "number differs: 50 vs 42 (prisoners / detainees)"),
        ("The envoys spoke for about twenty minutes.", "The envoys spoke for nearly an hour.", "duration differs"),
        ("The meeting lasted about an hour.", "The meeting ran for nearly an hour and a half.", "duration differs"),
        # a topic one side reports and the other says never came up
        ("Sanctions relief had not been on the agenda, the adviser said.", "The envoys discussed sanctions relief.", "did not happen"),
        ("The Chancellor raised the case of the detained journalist.", "No other matters came up during the call, the spokesman said.", "did not happen"),
        ("The minister stressed the need to reopen the consulate.", "The consulate was not discussed.", "did not happen"),
        ("The White House had asked for the call.", "The call took place at the initiative of the Russian side.", "who initiated differs: united states vs russia"),
        ("The Chancellor took a call on Monday from President Anton Reis of Dravonia.", "At the request of the German side, Reis spoke with the Chancellor.", "who initiated differs"),
        ("The truce was extended on condition that the guns are pulled back.", "The truce was extended without any preconditions.", "conditions differ"),
        ("The ministers briefly touched on the port dispute.", "The conversation was devoted in large part to the port dispute.", "how much time it took differs"),
        ("The talks were held at the Swiss embassy.", "The talks took place at the presidential palace.", "venue differs: embassy vs palace"),
        ("The talks were difficult.", "The talks were held in a constructive atmosphere.", "tone differs"),
        ("The panel will meet three times a year.", "The panel is to meet once a year.", "how often differs: 3 times vs once a year"),
        ("The truce was brokered with Qatar's mediation.", "The truce was agreed directly between the two armies, without any third party.", "who brokered it differs"),
        ("The Foreign Minister of Dravonia, Anton Reis, who had requested the call, spoke first.", "The call took place at the request of the German side.", "who initiated differs"),
    ],
)
def test_each_contradiction_rule(left, right, reason):
    reasons = contradictions(left, right)
    assert any(reason in r for r in reasons), reasons
    kind = reason.split(":")[0]
    assert any(kind in r for r in contradictions(right, left))  # the same rule fires either way round


@pytest.mark.parametrize(
    "left, right",
    [
        ("The talks lasted about two hours.", "The exchange ran for just over two hours."),
        ("The talks were candid and constructive.", "The talks were candid and in-depth."),
        ("The leaders agreed to meet again.", "The leaders agreed to stay in contact."),
        ("Two ministers met in 2018.", "The two ministers met again in 2019 for three days."),
        ("The ministers met on Tuesday.", "The ministers met in the capital."),
        ("Iran's weapons exist only for defence.", "Macron restated France's concerns about the missile program."),
        ("The talks were held in Geneva.", "The meeting took place in Switzerland."),  # one lies in the other
        ("The conversation was frank and constructive.", "The talks took place in a warm and friendly atmosphere."),  # frank sits with warm
        ("On Monday evening Biden held a virtual meeting with Xi.", "Xi met Biden by video link on Tuesday morning, Beijing time."),  # time zones
        ("The Prime Minister spoke to Rouhani late on Thursday.", "Rouhani spoke by telephone in the early hours of Friday with Johnson."),
        ("On May 10 and 11, Sullivan held talks in Vienna.", "From 10 to 11 May, Wang Yi held talks in Vienna."),
        ("Biden met Putin in Geneva on Wednesday.", "The summit took place on 16 June in Geneva."),  # a weekday is not compared with a date
        ("The meeting lasted about an hour and a half.", "The conversation lasted some ninety minutes."),
        ("The meeting lasted forty-five minutes.", "It lasted some three quarters of an hour."),
        ("The two chiefs talked for a little over an hour.", "The meeting lasted 75 minutes."),
        ("London will contribute 541 million euros.", "The UK will provide almost £480 million."),  # two currencies: not compared
        ("Biden met Xi at Woodside, California.", "Xi held talks with Biden in San Francisco."),  # not known: not judged
        ("The presidents discussed the situation in Syria.", "The presidents discussed the situation in Iraq."),  # topics, not venues
        ("The talks were difficult but constructive.", "The talks were constructive."),  # both constructive
        ("The talks were held at the embassy of Norway.", "The meeting took place at the Norwegian embassy."),  # one building
        ("The leaders discussed the Middle East at length.", "The leaders also touched on the Middle East."),  # emphasis, not a measure
        ("The commission will meet twice a year.", "The commission will meet twice a year in the capital."),
        ("The ministers agreed on condition that the talks resume.", "The ministers agreed to resume the talks on condition of a ceasefire."),
        ("Three memoranda were signed.", "The two delegations met for three hours."),  # a count and a duration, not one thing
        ("President Reis of Dravonia called the Chancellor.", "The Chancellor received a call from Dravonian President Reis."),  # Dravonia, Dravonian: one side
    ],
)
def test_compatible_claims_are_not_conflicts(left, right):
    assert contradictions(left, right) == []


def test_durations_are_read_in_minutes():
    text = "a ninety-minute call, three hours, an hour-long meeting, forty-five minutes, 2.5 hours, half an hour"
    assert durations(text) == [90, 180, 60, 45, 150, 30]


def claim(text, speaker=""):
    return Claim("X1", 0, 0, 0, len(text), text, speaker=speaker)


@pytest.mark.parametrize(
    "left, right, kind",
    [
        ("The leaders agreed to resume talks.", "The leaders discussed resuming talks.", "commitment"),
        ("Iran must halt enrichment.", "Iran may consider halting enrichment.", "modality"),
        ("They discussed energy and infrastructure.", "They discussed energy infrastructure.", "scope"),
        ("The talks were candid and constructive.", "The talks were warm.", "tone"),
        ("Four fishermen were detained.", "Three fishermen were detained.", "numbers"),
    ],
)
def test_each_difference_kind(left, right, kind):
    assert kind in difference_kinds(claim(left), claim(right))


def test_attribution_kind_when_the_speaker_differs():
    assert "attribution" in difference_kinds(claim("Rouhani raised the sanctions.", "Rouhani"), claim("Macron raised the sanctions.", "Macron"))
    assert "attribution" not in difference_kinds(claim("Rouhani raised it.", "Rouhani"), claim("Rouhani raised it.", "Rouhani"))


def test_no_kinds_for_the_same_words():
    text = "The ministers agreed to open a crossing at Tarn."
    assert difference_kinds(claim(text), claim(text), has_wording=False) == ()


def test_commitment_levels_are_named():
    assert [commitment_level(t) for t in ("They agreed to meet.", "They discussed it.", "They noted the report.", "They hoped for peace.")] == [
        "agreed", "discussed", "noted", "hoped"
    ]


def test_the_parties_counted_are_not_figures_and_collectives_are_one_speaker():
    left = claim("Developments in Iraq were also discussed by the two presidents.", "the two presidents")
    right = claim("The leaders also exchanged views on Iraq.", "the leaders")
    kinds = difference_kinds(left, right)
    assert "numbers" not in kinds and "attribution" not in kinds
    assert "attribution" in difference_kinds(left, claim("Macron raised Iraq.", "Macron"))


def test_a_conflicts_reasons_come_in_the_same_order_in_every_run():
    # The order once followed Python's per-process string hashing, so the same comparison gave
    # JSON and briefings that differed from one run to the next.
    import os
    import subprocess
    import sys

    script = ("from readout_compare.core.conflicts import contradictions; print(contradictions("
              "'The sides released three prisoners and signed five agreements.', "
              "'The sides released six prisoners and signed four agreements.'))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(8)}
    assert len(runs) == 1
    assert "3 vs 6 prisoners" in runs.pop()
