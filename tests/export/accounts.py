"""Account texts for the export tests, written in the project's own words, and text helpers."""

# The Rouhani–Macron call of January 2018, in the project's own words (as in the samples).
IRAN = """\
In a telephone conversation with French President Emmanuel Macron, President Hassan Rouhani defended Iran's role in the region. Rouhani said Iran's presence in Iraq and Syria came at the official request of their governments and served the fight against terrorism. He said Iran's help had led to the defeat of ISIS terrorism in the region. The two presidents also reviewed the security and political situation in Iraq, Syria, Yemen and Lebanon.

Rouhani asked the French president not to back the Trump administration's policies in the Middle East. On the nuclear agreement, Rouhani said Iran would remain committed to it for as long as it benefits from it. He stressed that Iran would continue its missile program, which he said breaches neither UN resolutions nor the agreement. Rouhani said Iran's weapons exist only for the country's defence.

Rouhani accused the Mujahideen-e-Khalq, an opposition group with offices in Paris, of stirring up the protests in Iran, and asked the French government to act against it.
"""
ELYSEE = """\
President Emmanuel Macron spoke by telephone today with the President of the Islamic Republic of Iran, Hassan Rouhani. The President of the Republic expressed his concern at the number of victims linked to the demonstrations in Iran. He called on President Rouhani to show restraint and to ease tensions. He said the fundamental freedoms, in particular the freedom of expression and the freedom to demonstrate, must be respected.

The two presidents discussed the regional situation, in particular in Syria, Iraq and Lebanon. President Macron recalled France's commitment to the strict implementation of the nuclear agreement of 2015. He also restated France's concerns about Iran's ballistic missile program. The two presidents agreed that the visit of the foreign minister to Tehran would be postponed to a later date.
"""

# Two fictional neighbours whose accounts contradict each other on who invited whom,
# how long the talks lasted and whether anything was decided.
ARLAND = """\
Foreign Minister Ana Reyes received Belmark's Foreign Minister Tomas Varga in Porto Alto on Tuesday, at his request. The talks lasted three hours and covered the dispute over fishing rights in the Strait of Keld. The two ministers agreed to resume the joint border commission, suspended since 2019, before the end of the year.

Minister Reyes raised the cases of the four Arlandese fishermen detained in Belmark and asked for their release. The two sides agreed to open a new border crossing at Tarn to ease trade. Minister Reyes expressed concern about the military exercises held near the border last month. The ministers agreed to meet again in Belmark in the spring.
"""
BELMARK = """\
At the invitation of the Arlandese side, Foreign Minister Tomas Varga paid a working visit to Porto Alto. In the course of a ninety-minute meeting, the ministers discussed fishing in the Strait of Keld and regional security. No decision was taken on the joint border commission, which remains suspended.

The ministers welcomed the growth of trade between the two countries and agreed to open a new crossing point at Tarn. Minister Varga stressed that the exercises near the border were routine and purely defensive. Minister Varga briefed his counterpart on Belmark's plans to host the regional water summit. The ministers agreed to continue their contacts.
"""

# Untrusted text: markup, quotes, a javascript: link, Persian and Arabic, a 500-letter word.
LONG_WORD = "Ab" * 250
PERSIAN = "وزیر امور خارجه گفت که گفتگوها سازنده بود"
ARABIC = "وقال الوزير إن المحادثات كانت بناءة"
HOSTILE = f"""\
The ministers agreed to open a new border crossing at Tarn <script>alert('owned')</script> to ease trade. The ministers discussed fishing rights in the Strait of Keld </table></td> and "regional" security. See <a href="javascript:alert(1)" onclick="steal()">the full text</a> for the ministers' 'quotes'.

{PERSIAN}.

{ARABIC}.

The word {LONG_WORD} closes the account.
"""
HOSTILE_OTHER = """\
The two sides agreed to open a new border crossing at Tarn to ease trade. The ministers discussed fishing rights in the Strait of Keld and regional security. The ministers agreed to meet again in the spring.
"""


def flat(text: str) -> str:
    """Text with all whitespace collapsed: line wrapping in PDF and Word is not a difference."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Text with no whitespace at all: a 500-letter word wrapped over lines is still one word."""
    return "".join(text.split())
