"""Reading account files and comparing them off the GUI thread: where an account comes from
(``AccountSource``: a file or pasted text), the job itself (``compare_sources``, Qt-free, for
tests and benchmarks too), and ``ComparisonRunner``, which runs it.

The runner is a ``background.BackgroundCall``, the window's one background mechanism (a QRunnable
on the thread pool, a signal carrier living on the GUI thread, a token per request): a result
whose token is not the latest one is dropped, so an analyst who has already asked for another
comparison never sees a stale one appear. The engine runs with the window's settings
(``gui.engine``), as it does for the library's events.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, replace

from functools import partial
from typing import Callable, Sequence

from PySide6.QtCore import QThreadPool

from ...core.ingest import IngestError, account_from_text, read_account
from ...core.model import Account, Comparison
from ...core.reading import Reading
from ..background import BackgroundCall
from ..engine import align_accounts
from .claim_boxes import make_ahead
from .pane_content import prepare as prepare_panes


@dataclass(frozen=True)
class AccountSource:
    """Where an account comes from: a file, or text the analyst pasted; with optional metadata."""

    path: str = ""
    text: str = ""
    label: str = ""
    source: str = ""
    date: str = ""

    def read(self, position: int, warn=None) -> Account:
        """The account; ``warn(message)`` hears what was assumed to read its file (an encoding guessed)."""
        if self.path:
            account = read_account(self.path, label=self.label or None, warn=warn)
        else:
            account = account_from_text(self.text, default_label=f"Account {position + 1}", name=f"pasted account {position + 1}")
        changes = {k: v for k, v in (("label", self.label), ("source", self.source), ("date", self.date)) if v}
        if changes:
            account = replace(account, **changes)
        return account


def read_and_compare(sources: list[AccountSource], progress=None, glossary: str = "", *, embeddings=None,
                     lexical_while_loading: bool = False) -> Comparison:
    """The whole job, without Qt: what the worker runs, and what tests and benchmarks can call.

    ``glossary``: the analyst's own groups of equivalent terms (" = " format), if any;
    ``embeddings`` and ``lexical_while_loading``: as ``gui.engine.align_accounts`` takes them."""
    if len(sources) < 2:
        raise IngestError("a comparison needs at least two accounts")
    report = progress or (lambda _p, _s: None)
    accounts = []
    assumed: list[str] = []  # what reading a file had to assume (an encoding, bytes replaced)
    for k, source in enumerate(sources):
        report(0, f"Reading {os.path.basename(source.path) or f'account {k + 1}'}")
        accounts.append(source.read(k, warn=assumed.append))
    comparison = align_accounts(accounts, glossary, report, embeddings=embeddings, lexical_while_loading=lexical_while_loading)
    # Kept with the comparison: the status bar shows its notes, and a briefing made from it says them.
    return replace(comparison, notes=tuple(comparison.notes) + tuple(assumed)) if assumed else comparison


class ComparisonFailed(ValueError):
    """A bug in the engine, said in one line: it must not take the window down."""


def compare_sources(sources: list[AccountSource], glossary: str = "", progress=None,
                    prepare: Sequence[Callable[[Reading], object]] = (), *, embeddings=None,
                    lexical_while_loading: bool = False) -> Reading:
    """The background job: read, compare, group, and work out what the panes show (grouping,
    per-claim states, captions and the link maps' pairs can take long on big accounts, so they
    stay off the GUI thread too). ``prepare``: what else the window will want of the reading
    (its summary), worked out here as well; ``embeddings`` and ``lexical_while_loading``: as
    ``gui.engine.align_accounts`` takes them."""
    report = progress or (lambda _p, _s: None)
    # A long comparison makes hundreds of thousands of objects; the collector's full passes over
    # them hold the interpreter and pause the window (410-600 ms measured on 20,000- and
    # 100,000-word pairs). Off while the engine runs, and what it made frozen out of the
    # collector's reach before the result reaches the window; reference counting still frees it
    # all when the next comparison replaces this one.
    collecting = gc.isenabled()
    gc.disable()
    try:
        comparison = read_and_compare(sources, report, glossary, embeddings=embeddings, lexical_while_loading=lexical_while_loading)
        report(100, "Grouping counterparts")
        reading = Reading(comparison)
        reading.review  # worked out when first asked: here, not when the claims table is filled
        prepare_panes(reading)  # the panes' rows and the link maps' pairs, here too
        make_ahead(reading)  # and the panes' boxes
        for step in prepare:
            try:
                step(reading)
            except Exception:  # noqa: BLE001 - whoever wanted it works it out again when shown, and says what failed
                pass
        return reading
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ComparisonFailed(f"the comparison failed: {type(exc).__name__}: {exc}") from exc
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def sample_sources() -> list[AccountSource]:
    """The bundled Rouhani–Macron sample's account files."""
    from ...resources import DEFAULT_SAMPLE, sample_files

    return [AccountSource(path=p) for p in sample_files(DEFAULT_SAMPLE)]


class ComparisonRunner(BackgroundCall):
    """Starts comparisons in the background and reports only the latest one's outcome."""

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent, pool)
        self.glossary = ""  # the analyst's glossary groups, from the library
        self.embeddings = lambda: None  # the library's embedding cache, once it is open
        # Qt-free steps the window wants run on each reading before it is shown (its summary)
        self.prepare: tuple[Callable[[Reading], object], ...] = ()

    def start(self, sources: list[AccountSource]) -> int:
        """Compare in the background; while the semantic model loads, with the lexical matcher
        (the window aligns again when the model is ready: gui.semantic_upgrade)."""
        return super().start(partial(compare_sources, list(sources), self.glossary, prepare=self.prepare,
                                     embeddings=self.embeddings(), lexical_while_loading=True))
