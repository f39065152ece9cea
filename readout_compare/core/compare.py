"""The engine's one entry point: accounts and settings in, a frozen ``Comparison`` out.

The command line, the window, the library and the benchmarks all call :func:`compare` with a
:class:`Settings`, so the same accounts with the same settings give the same comparison
wherever the analyst looks. Settings say which matcher to use (or pass one already loaded),
the analyst's own glossary and claim boundaries, and (for training and tests) the pair scorer; nothing else changes
the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from .align import align
from .boundaries import Boundary, apply_boundaries
from .collector import fewer_collections
from .model import Account, Comparison
from .scorer import PairScorer
from .segment import segment
from .similarity import LexicalMatcher, Matcher
from .terms import Vocabulary, default_vocabulary

Progress = Callable[[int, str], None]  # percent done, what is being done


@dataclass(frozen=True)
class Settings:
    """What the analyst chose for a comparison.

    ``matcher``: "lexical" (the default: the same result on every install), "semantic",
    "auto" (semantic when the extra is installed, else lexical), ``None`` for the
    READOUT_COMPARE_MATCHER variable (or "auto" when it is unset; what the applications pass
    when the analyst chose nothing), or a matcher object already made (the window loads the
    semantic model once and passes it in).
    ``glossary``: the analyst's own groups of equivalent terms, in the " = " format of the
    shipped glossary, read on top of it.
    ``boundaries``: the analyst's own cuts and joins of claims (``core.boundaries``), applied in
    order after each account is cut into claims, so the alignment sees the analyst's claims.
    """

    matcher: str | Matcher | None = "lexical"
    glossary: str = ""
    scorer: PairScorer | None = None  # None: the shipped scorer for the matcher's features
    boundaries: tuple[Boundary, ...] = ()

    def vocabulary(self) -> Vocabulary:
        return default_vocabulary(self.glossary) if self.glossary.strip() else default_vocabulary()

    def resolve_matcher(self, vocabulary: Vocabulary, warn: Callable[[str], None]) -> Matcher:
        if self.matcher is not None and not isinstance(self.matcher, str):
            return self.matcher
        if self.matcher == "lexical":
            return LexicalMatcher(vocabulary)
        from .semantic import choose_matcher  # cheap: the model's libraries load only when used

        return choose_matcher(self.matcher, vocabulary, warn=warn)


def compare(
    accounts: Sequence[Account],
    settings: Settings | None = None,
    progress: Progress | None = None,
    *,
    matcher: Matcher | None = None,
) -> Comparison:
    """Cut each account into claims and link the claims across accounts.

    ``matcher`` is shorthand for ``Settings(matcher=matcher)`` (tests and benchmarks that bring
    their own matcher)."""
    settings = settings or Settings()
    if matcher is not None:
        settings = replace(settings, matcher=matcher)
    report = progress or (lambda _p, _s: None)
    notes: list[str] = []

    def warn(message: str) -> None:
        notes.append(message)
        report(0, message)

    vocabulary = settings.vocabulary()
    matcher = settings.resolve_matcher(vocabulary, warn)
    # A matcher made elsewhere reads text through its own vocabulary: align with the same one.
    vocabulary = getattr(matcher, "vocabulary", None) or vocabulary
    with fewer_collections():
        report(0, "Cutting accounts into claims")
        claims = tuple(
            apply_boundaries(account, segment(account, k), [b for b in settings.boundaries if b.account == k])
            for k, account in enumerate(accounts)
        )
        report(30, f"Aligning claims ({matcher.name} matcher)")
        links = align(claims, matcher, vocabulary, settings.scorer)
    report(100, "Done")
    return Comparison(tuple(accounts), claims, tuple(links), matcher=matcher.name, notes=tuple(notes))
