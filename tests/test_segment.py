"""Cutting accounts into claims: sentence ends, clause splits, spans and attribution."""

import pytest

from readout_compare.core.model import Account
from readout_compare.core.segment import segment


def claims_of(text):
    return segment(Account("A", text), 0)


def texts(text):
    return [c.text for c in claims_of(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("President Donald J. Trump spoke with Gen. Mattis on Jan. 5. They met again.",
         ["President Donald J. Trump spoke with Gen. Mattis on Jan. 5.", "They met again."]),
        ("Mr. Le Drian and Mrs. Ng met at 10 a.m. and left.", ["Mr. Le Drian and Mrs. Ng met at 10 a.m. and left."]),
        ("Growth reached 2.5 percent. Trade rose 3.1 percent.", ["Growth reached 2.5 percent.", "Trade rose 3.1 percent."]),
        ("The U.S. delegation arrived. The talks began.", ["The U.S. delegation arrived.", "The talks began."]),
        ("He met U.S. Secretary Blinken. They spoke.", ["He met U.S. Secretary Blinken.", "They spoke."]),
        ('He said: "We agree. We will act." The minister left.', ['He said: "We agree. We will act."', "The minister left."]),
        ("He said “We agree. We will act.” The minister left.", ["He said “We agree. We will act.”", "The minister left."]),
        ("Is this a question? Yes! It is.", ["Is this a question?", "Yes!", "It is."]),
        ("Readout of the call\nThe leaders spoke.", ["Readout of the call", "The leaders spoke."]),
    ],
)
def test_sentence_ends(text, expected):
    assert texts(text) == expected


def test_two_assertions_that_stand_alone_are_two_claims():
    got = texts("The ministers discussed fishing rights; they agreed to reopen the border commission.")
    assert got == ["The ministers discussed fishing rights", "they agreed to reopen the border commission."]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministers discussed fishing rights, and agreed to reopen the border commission.",
        "Mr. Macron reaffirmed France's attachment to the Vienna agreement of July 2015 and asked that all parties apply it in full.",
        "Dr. Rouhani made clear that work on Iranian missiles will go on; in his view the program is purely defensive.",
        "Iranian forces went to Iraq and Syria because Baghdad and Damascus asked for them, Dr. Rouhani said, and they are there to fight terrorists.",
    ],
)
def test_no_claim_is_a_fragment_without_its_subject(sentence):
    assert texts(sentence) == [sentence]


def test_markdown_headings_and_rules_are_not_claims():
    got = texts("# Readout of the call\n\nThe leaders spoke by phone.\n\n---\n\n## Next steps\n\nThey will meet again.")
    assert got == ["The leaders spoke by phone.", "They will meet again."]


def test_a_list_joined_by_and_is_not_split():
    got = texts("The two presidents discussed Iraq, Syria and Lebanon and the situation in Yemen.")
    assert len(got) == 1


def test_a_clause_inside_a_quotation_is_not_split():
    assert len(texts('Rouhani said "we discussed the deal, and agreed on nothing" to reporters.')) == 1


def test_spans_are_exact_offsets_into_the_text():
    text = "  First claim here.\n\nSecond one, and agreed to a third part today.  \n"
    for claim in claims_of(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()


def test_split_claims_share_their_sentence_number():
    claims = claims_of("Reyes met Varga. The ministers welcomed trade growth, and they agreed to open a crossing at Tarn.")
    assert [c.sentence for c in claims] == [0, 1, 1]
    assert [c.id for c in claims] == ["A1", "A2", "A3"]


def test_attribution_keeps_speaker_and_verb():
    claims = claims_of(
        "In a call with President Macron, President Hassan Rouhani defended Iran's role. "
        "He stressed that the program would continue. "
        "The two presidents discussed Syria; they agreed to stay in contact. "
        "President Trump did not voice any concern."
    )
    got = [(c.speaker, c.verb) for c in claims]
    assert got == [
        ("Rouhani", "defended"),
        ("Rouhani", "stressed"),
        ("the two presidents", "discussed"),
        ("the two presidents", "agreed"),
        ("Trump", "voice"),
    ]


def test_a_passive_claim_is_said_by_its_agent_not_by_its_topics():
    # "Lebanon" is what was discussed, not who discussed it: the difference kinds would otherwise
    # report an attribution that moved from "Lebanon" to "the leaders"
    claims = claims_of(
        "Developments in Iraq, Syria and Lebanon were also discussed by the two presidents. "
        "The question of detainees was raised by President Macron. "
        "Trade was discussed. "
        "The Dravonian side did not mention the border."
    )
    assert [c.speaker for c in claims] == ["the two presidents", "Macron", "", "The Dravonian side"]


def test_no_verb_no_speaker():
    (claim,) = claims_of("Tensions in the region.")
    assert (claim.speaker, claim.verb) == ("", "")


def test_phrasal_reporting_verbs_and_surname_particles():
    claims = claims_of(
        "Foreign Minister Jean-Yves Le Drian set out France's position. "
        "Dr. Rouhani made clear that the missile work will go on. "
        "The sides made progress on trade."
    )
    assert [(c.speaker, c.verb) for c in claims] == [("Le Drian", "set out"), ("Rouhani", "made clear"), ("", "")]


def test_html_navigation_headers_and_footers_are_not_claims():
    from readout_compare.core.ingest import html_to_text

    page = (
        "<html><body><header>Ministry of Foreign Affairs | Home | News</header><nav><a>Press</a> <a>Speeches</a></nav>"
        "<article><p>The ministers met in Geneva.</p><p>They agreed to meet again.</p></article>"
        "<footer>Copyright 2024. All rights reserved.</footer></body></html>"
    )
    assert texts(html_to_text(page)) == ["The ministers met in Geneva.", "They agreed to meet again."]


# Scripts without capitals: a full stop before one of their letters ends a sentence, and their own
# full stops ("。", "؟") end one too. Four-sentence accounts must give four claims, each with its span.
PERSIAN = (
    "رئیس جمهور روحانی با رئیس جمهور فرانسه تلفنی گفتگو کرد. "
    "او از دخالت در امور داخلی ایران انتقاد کرد. "
    "دو طرف درباره برجام صحبت کردند. "
    "آیا اروپا به تعهدات خود عمل می‌کند؟ "
    "قرار شد وزیر خارجه فرانسه به تهران سفر کند."
)
ARABIC = "أجرى الرئيس اتصالا هاتفيا مع الرئيس الفرنسي. وبحث الجانبان العلاقات الثنائية. وأكد الرئيس دعمه للحوار. واتفقا على مواصلة التشاور."
HEBREW = "ראש הממשלה שוחח בטלפון עם נשיא צרפת. השניים דנו בנושאים אזוריים. ראש הממשלה הודה לנשיא. הם סיכמו להיפגש בקרוב."
CHINESE = "国家主席习近平同法国总统马克龙通电话。两国元首就双边关系交换了意见。习近平指出，中法关系保持良好发展势头。双方同意保持沟通！"
JAPANESE = "首相はフランス大統領と電話会談を行った。両首脳は二国間関係について意見を交換した。首相は「協力を深めたい。」と述べた。会談は三十分間行われた。"


@pytest.mark.parametrize(
    "text, count",
    [(PERSIAN, 5), (ARABIC, 4), (HEBREW, 4), (CHINESE, 4), (JAPANESE, 4)],
    ids=["Persian", "Arabic", "Hebrew", "Chinese", "Japanese"],
)
def test_scripts_without_capitals_are_cut_into_sentences(text, count):
    claims = claims_of(text)
    assert len(claims) == count, [c.text for c in claims]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    assert "".join(c.text for c in claims).replace(" ", "") == text.replace(" ", "")


def test_a_quotation_in_japanese_corner_brackets_is_not_cut():
    got = texts(JAPANESE)
    assert "首相は「協力を深めたい。」と述べた。" in got


def test_a_lowercase_latin_word_after_a_full_stop_still_does_not_end_a_sentence():
    assert texts("The talks covered e.g. trade and energy. They ended.") == ["The talks covered e.g. trade and energy.", "They ended."]
    assert texts("See example.com for details. Then leave.") == ["See example.com for details.", "Then leave."]
