"""Reading account files and comparing them off the GUI thread.

The background mechanism is ``background.BackgroundCall`` (a QRunnable on the thread pool, a
signal carrier living on the GUI thread, a token per request): a result whose token is not the
latest one is dropped, so an analyst who has already asked for another comparison never sees a
stale one appear.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from functools import partial
from typing import Sequence

from PySide6.QtCore import QThreadPool

from ..core.compare import Settings, compare
from ..core.ingest import IngestError, account_from_text, read_account
from ..core.model import Account, Comparison
from .background import BackgroundCall
from ..core.reading import Reading


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


def read_and_compare(sources: list[AccountSource], progress=None, glossary: str = "") -> Comparison:
    """The whole job, without Qt: what the worker runs, and what tests and benchmarks can call.

    ``glossary``: the analyst's own groups of equivalent terms (" = " format), if any."""
    if len(sources) < 2:
        raise IngestError("a comparison needs at least two accounts")
    report = progress or (lambda _p, _s: None)
    accounts = []
    assumed: list[str] = []  # what reading a file had to assume (an encoding, bytes replaced)
    for k, source in enumerate(sources):
        report(0, f"Reading {os.path.basename(source.path) or f'account {k + 1}'}")
        accounts.append(source.read(k, warn=assumed.append))
    comparison = align_accounts(accounts, glossary, report)
    # Kept with the comparison: the status bar shows its notes, and a briefing made from it says them.
    return replace(comparison, notes=tuple(comparison.notes) + tuple(assumed)) if assumed else comparison


def align_accounts(accounts: Sequence[Account], glossary: str = "", progress=None) -> Comparison:
    """The engine as the window runs it, for files and library events alike: the matcher the
    analyst chose (READOUT_COMPARE_MATCHER, else semantic when the extra is installed and its
    model loads, else lexical) and her glossary. Called on a worker thread: the semantic model
    loads there, once per process; a refused model falls back to the lexical matcher and the
    comparison's notes say so."""
    return compare(accounts, Settings(matcher=None, glossary=glossary), progress=progress)


class ComparisonFailed(ValueError):
    """A bug in the engine, said in one line: it must not take the window down."""


def compare_sources(sources: list[AccountSource], glossary: str = "", progress=None) -> Reading:
    """The background job: read, compare, and group (grouping and per-claim states can take long on
    big accounts, so they stay off the GUI thread too)."""
    report = progress or (lambda _p, _s: None)
    try:
        comparison = read_and_compare(sources, report, glossary)
        report(100, "Grouping counterparts")
        return Reading(comparison)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ComparisonFailed(f"the comparison failed: {type(exc).__name__}: {exc}") from exc


class ComparisonRunner(BackgroundCall):
    """Starts comparisons in the background and reports only the latest one's outcome."""

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent, pool)
        self.glossary = ""  # the analyst's glossary groups, from the library

    def start(self, sources: list[AccountSource]) -> int:
        return super().start(partial(compare_sources, list(sources), self.glossary))
