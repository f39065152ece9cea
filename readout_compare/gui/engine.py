"""How the window runs the engine: the one place the window chooses ``core.compare.Settings``.

File comparisons (the comparison room's runner) and the library's imports and re-alignments use
the same settings: the matcher the analyst chose (READOUT_COMPARE_MATCHER, else semantic when
the extra is installed and its model loads, else lexical), her glossary from the library, and the
library's embedding cache when one is open. Called on worker threads. No Qt here.

The semantic model runs in a child process (``core.embedding_process``), loaded once per window
process (``window_model``): the window never imports torch, whose import held the window's
interpreter for a quarter of a second at a time. Until the model is ready a file comparison may
be aligned with the lexical matcher at once (``lexical_while_loading``; the window aligns it again
when the model is ready, see ``gui.semantic_upgrade``); the library's alignments, which are
stored, wait for the model instead. A refused model falls back to the lexical matcher for "auto"
(the comparison's notes say so) and fails the comparison for "semantic", as on the command line.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from typing import Sequence

from ..core.boundaries import Boundary
from ..core.compare import Settings, compare
from ..core.model import Account, Comparison
from ..core.semantic import MATCHERS, EmbeddingStore, Encoder, SemanticError, SemanticMatcher, lexical_instead, semantic_available
from ..core.terms import Vocabulary


def window_settings(glossary: str = "", boundaries: Sequence[Boundary] = ()) -> Settings:
    """The matcher the analyst chose (None: decided where the engine runs), her glossary, and (for
    a stored event) her own claim boundaries."""
    return Settings(matcher=None, glossary=glossary, boundaries=tuple(boundaries))


def chosen_matcher() -> str:
    """"lexical", "semantic" or "auto", from READOUT_COMPARE_MATCHER (unset: "auto")."""
    choice = os.environ.get("READOUT_COMPARE_MATCHER", "").strip().lower() or "auto"
    if choice not in MATCHERS:
        raise ValueError(f"unknown matcher {choice!r}: choose one of {', '.join(MATCHERS)}")
    return choice


class WindowModel:
    """The window's semantic model: one encoder for the process, started on first need.

    ``use(encoder)`` puts another encoder in its place (tests: one that loads when told to)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._encoder: Encoder | None = None

    def use(self, encoder: Encoder | None) -> Encoder | None:
        """Put ``encoder`` in place (None: the child process, made on first need); returns the one it replaces."""
        with self._lock:
            replaced, self._encoder = self._encoder, encoder
            return replaced

    @property
    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                from ..core.embedding_process import ProcessEncoder

                self._encoder = ProcessEncoder()
            return self._encoder

    @property
    def ready(self) -> bool:
        return self._encoder is not None and self._encoder.loaded

    @property
    def refusal(self) -> str:
        """Why the model cannot be used ("" while it can, or has not been tried)."""
        refused = getattr(self._encoder, "refusal", None) if self._encoder is not None else None
        return str(refused) if refused else ""

    def start(self) -> None:
        """Start loading without waiting (an encoder that cannot start early loads when first used)."""
        start = getattr(self.encoder, "start", None)
        if start is not None:
            start()

    def wait(self) -> None:
        """Wait (on a worker) until the model is ready; raises its refusal."""
        self.encoder.load()

    def close(self) -> None:
        """The application is ending: the model's process goes at once (a worker waiting for it
        hears so and ends, and the application does not wait for a load or an alignment nobody
        will see)."""
        encoder = self._encoder
        if encoder is not None and hasattr(encoder, "close"):
            encoder.close(wait=0.5)


window_model = WindowModel()


def semantic_wanted() -> bool:
    """The analyst's choice asks for the semantic matcher, and nothing has refused it yet."""
    try:
        choice = chosen_matcher()
    except ValueError:
        return False
    if choice == "lexical" or (choice == "auto" and not semantic_available()):
        return False
    return not window_model.refusal


def upgrade_due(comparison: Comparison) -> bool:
    """A comparison aligned lexically while the semantic model was loading: to be aligned again."""
    return comparison.matcher == "lexical" and semantic_wanted()


def window_matcher(vocabulary: Vocabulary, *, store: EmbeddingStore | None = None, lexical_while_loading: bool = False,
                   warn=None):
    """The matcher for one comparison, or the name of one ("lexical") for ``Settings``."""
    choice = chosen_matcher()
    if choice == "lexical" or (choice == "auto" and not semantic_available()):
        return "lexical"
    if not window_model.ready:
        if lexical_while_loading and not window_model.refusal:
            window_model.start()
            return "lexical"
        try:
            window_model.wait()
        except SemanticError as exc:
            lexical_instead(exc, choice, warn)
            return "lexical"
    return SemanticMatcher(vocabulary, encoder=window_model.encoder, store=store)


def align_accounts(accounts: Sequence[Account], glossary: str = "", progress=None, boundaries: Sequence[Boundary] = (), *,
                   embeddings: EmbeddingStore | None = None, lexical_while_loading: bool = False) -> Comparison:
    """The engine as the window runs it, for files and library events alike.

    ``embeddings``: the library's embedding cache, when one is open; ``lexical_while_loading``:
    the lexical matcher now rather than waiting for the semantic model."""
    settings = window_settings(glossary, boundaries)
    notes: list[str] = []

    def warn(message: str) -> None:
        notes.append(message)
        if progress:
            progress(0, message)

    matcher = window_matcher(settings.vocabulary(), store=embeddings, lexical_while_loading=lexical_while_loading, warn=warn)
    comparison = compare(accounts, replace(settings, matcher=matcher), progress=progress)
    return replace(comparison, notes=tuple(notes) + tuple(comparison.notes)) if notes else comparison
