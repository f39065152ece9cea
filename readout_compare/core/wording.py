"""Word-level differences between two matched claims, as spans on both texts.

diff-match-patch diffs characters; to diff words, each distinct word is mapped to one private
character (the same trick diff-match-patch uses for lines), the strings of those characters are
diffed and cleaned up for humans, and the result is mapped back to character spans.
Case is ignored: "The" and "the" are not a difference worth highlighting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence
from functools import lru_cache

from diff_match_patch import diff_match_patch

from .model import WordingSpan

_WORDS = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]")
_BASE = 0xF0000  # Supplementary Private Use Area: never in the texts we diff


@dataclass(frozen=True)
class WordDiff:
    removed: tuple[tuple[int, int], ...]  # spans of the left text absent from the right
    added: tuple[tuple[int, int], ...]  # spans of the right text absent from the left


@lru_cache(maxsize=32768)  # re-alignment and repeated boilerplate diff the same pairs again
def word_diff(left: str, right: str, timeout: float = 0.1) -> WordDiff:
    """Spans (offsets into ``left`` and ``right``) of the words that differ."""
    left_tokens = [(m.start(), m.end()) for m in _WORDS.finditer(left)]
    right_tokens = [(m.start(), m.end()) for m in _WORDS.finditer(right)]
    codes: dict[str, str] = {}

    def encode(text: str, tokens) -> str:
        out = []
        for start, end in tokens:
            word = text[start:end].lower()
            code = codes.get(word)
            if code is None:
                code = codes[word] = chr(_BASE + len(codes))
            out.append(code)
        return "".join(out)

    a, b = encode(left, left_tokens), encode(right, right_tokens)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    removed, added = [], []
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        if op == 0:
            i += n
            j += n
        elif op == -1:
            removed.append((left_tokens[i][0], left_tokens[i + n - 1][1]))
            i += n
        else:
            added.append((right_tokens[j][0], right_tokens[j + n - 1][1]))
            j += n
    return WordDiff(tuple(_merge(removed)), tuple(_merge(added)))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def differs(left: str, right: str) -> bool:
    """Whether ``word_diff`` finds any difference, without diffing: the words, case aside, differ."""
    return [w.lower() for w in _WORDS.findall(left)] != [w.lower() for w in _WORDS.findall(right)]


class LazyWording(Sequence):
    """A link's differing words (``WordingSpan``s on both claims), diffed when first read.

    A long comparison has thousands of counterparts and the analyst looks at a few: the window
    paints the claims on screen, a briefing reads every link once. Until something reads the
    spans, only the two claims are kept; ``bool()`` answers without diffing (see ``differs``).
    Behaves as the tuple it stands for: equal to it, the same hash, pickled as it."""

    __slots__ = ("_claims", "_spans")

    def __init__(self, left, right):
        self._claims = (left, right)  # the two core.model.Claim objects
        self._spans = None

    def _materialised(self) -> tuple:
        if self._spans is None:
            a, b = self._claims
            diff = word_diff(a.text, b.text)
            self._spans = tuple(WordingSpan(a.id, a.start + s, a.start + e) for s, e in diff.removed) + tuple(
                WordingSpan(b.id, b.start + s, b.start + e) for s, e in diff.added)
        return self._spans

    def __getitem__(self, index):
        return self._materialised()[index]

    def __len__(self) -> int:
        return len(self._materialised())

    def __iter__(self):
        return iter(self._materialised())

    def __bool__(self) -> bool:
        if self._spans is not None:
            return bool(self._spans)
        a, b = self._claims
        return differs(a.text, b.text)

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyWording):
            other = other._materialised()
        return isinstance(other, tuple) and self._materialised() == other

    def __hash__(self) -> int:
        return hash(self._materialised())

    def __repr__(self) -> str:
        return repr(self._materialised())

    def __reduce__(self):
        return (tuple, (self._materialised(),))
