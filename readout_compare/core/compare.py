"""The whole comparison in one call: accounts in, ``Comparison`` out."""

from __future__ import annotations

from typing import Callable, Sequence

from .align import Thresholds, align
from .model import Account, Comparison
from .segment import segment
from .similarity import LexicalMatcher, Matcher
from .terms import Vocabulary, default_vocabulary

Progress = Callable[[int, str], None]  # percent done, what is being done


def compare(
    accounts: Sequence[Account],
    matcher: Matcher | None = None,
    vocabulary: Vocabulary | None = None,
    thresholds: Thresholds | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Cut each account into claims and link the claims across accounts."""
    vocabulary = vocabulary or default_vocabulary()
    matcher = matcher or LexicalMatcher(vocabulary)
    report = progress or (lambda _p, _s: None)
    report(0, "Cutting accounts into claims")
    claims = tuple(segment(account, k) for k, account in enumerate(accounts))
    report(30, f"Aligning claims ({matcher.name} matcher)")
    links = align(claims, matcher, vocabulary, thresholds or thresholds_for(matcher))
    report(100, "Done")
    return Comparison(tuple(accounts), claims, tuple(links), matcher=matcher.name)


def thresholds_for(matcher: Matcher) -> Thresholds:
    """Each matcher's similarity scale is its own; a matcher may carry its tuned thresholds."""
    return getattr(matcher, "thresholds", None) or Thresholds()
