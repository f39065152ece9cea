"""Two accounts of a fictional call, and the claims the library tests talk about.

A module of its own (not conftest) so that test modules import it by a name no other test folder uses.
"""

NORLAND = """---
label: Norland MFA
source: Ministry of Foreign Affairs of Norland
date: 2024-03-05
---
Foreign Minister Anna Berg held a telephone call with Foreign Minister Jonas Vale of Southmark on Tuesday.

The two ministers discussed cooperation on fisheries in the northern sea. Minister Berg raised the detention of two Norland journalists and asked for their immediate release.

They agreed to hold a joint commission meeting in the capital in March.
"""

SOUTHMARK = """---
label: Southmark MFA
source: Southmark Foreign Ministry
date: 2024-03-05
---
Foreign Minister Jonas Vale spoke by phone with Foreign Minister Anna Berg of Norland at her request.

The ministers reviewed fisheries cooperation in the northern sea. Minister Vale briefed his counterpart on the new trade law.

The two sides noted the possibility of a joint commission meeting later in the year.
"""

# The claims the tests talk about, by what they say (ids may change after an edit).
JOURNALISTS = "Minister Berg raised the detention of two Norland journalists"
TRADE_LAW = "Minister Vale briefed his counterpart on the new trade law."
FISHERIES_A = "The two ministers discussed cooperation on fisheries in the northern sea."
