"""Counting in words: "1 claim", "2 claims", "1 event matches", "3 events match".

Every view that puts a number before a noun goes through ``counted``, so no window, report or
briefing says "1 claims" or "1 event match". Standard library only.
"""

from __future__ import annotations

def plural(noun: str) -> str:
    """The noun's plural ("claim" → "claims", "match" → "matches"; the last word of a phrase)."""
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def counted(n: int, noun: str, many: str | None = None, *, number: str | None = None) -> str:
    """``n`` and the noun in the number it takes: "1 claim", "0 claims", "2 claims".

    ``many``: the plural when it is not regular; ``number``: how the figure is written
    (an HTML view makes it bold), ``n`` as it is by default.
    """
    shown = str(n) if number is None else number
    return f"{shown} {noun if n == 1 else (many or plural(noun))}"


def verb(n: int, singular: str, many: str) -> str:
    """The verb agreeing with ``n`` things: verb(1, "matches", "match") → "matches"."""
    return singular if n == 1 else many
