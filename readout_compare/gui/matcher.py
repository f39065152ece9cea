"""Which matcher aligned a comparison, in the analyst's words: the status bar's "matched by"
note (shown by the briefing room) and the last line of every "why" tooltip (the comparison
room). No Qt here.
"""

from __future__ import annotations

MATCHER_WORDS = {
    "lexical": "shared words, word stems, synonyms and the glossary",
    "semantic": "sentence meaning (sentence embeddings) together with the glossary",
}


def matcher_note(matcher: str) -> str:
    return f"matched by: {matcher or 'default'}"


def matcher_tooltip(matcher: str) -> str:
    how = MATCHER_WORDS.get(matcher, "")
    return f"The claims were aligned by the {matcher or 'default'} matcher" + (f": {how}." if how else ".")
