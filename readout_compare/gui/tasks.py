"""Reading account files and comparing them off the GUI thread.

A QRunnable does the work on a thread pool; a separate QObject that lives on the GUI thread
carries its signals, so results arrive through queued connections on the GUI thread (the
pattern of git-cola's Task/RunTask). Each request gets a token: a result whose token is not the
latest one is dropped, so an analyst who has already asked for another comparison never sees
a stale one appear.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.compare import compare
from ..core.ingest import IngestError, account_from_text, read_account
from ..core.model import Account, Comparison
from ..core.terms import default_vocabulary
from .reading import Reading


@dataclass(frozen=True)
class AccountSource:
    """Where an account comes from: a file, or text the analyst pasted; with optional metadata."""

    path: str = ""
    text: str = ""
    label: str = ""
    source: str = ""
    date: str = ""

    def read(self, position: int) -> Account:
        if self.path:
            account = read_account(self.path, label=self.label or None)
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
    for k, source in enumerate(sources):
        report(0, f"Reading {os.path.basename(source.path) or f'account {k + 1}'}")
        accounts.append(source.read(k))
    # On this worker thread: the semantic model (when the extra is installed) loads here, once per
    # process; a refused model falls back to the lexical matcher, and the window says which was used.
    from ..core.semantic import choose_matcher

    vocabulary = default_vocabulary(glossary) if glossary.strip() else None  # with the analyst's glossary
    matcher = choose_matcher(vocabulary=vocabulary, warn=lambda message: report(0, message))
    return compare(accounts, matcher=matcher, vocabulary=vocabulary, progress=report)


class _Signals(QObject):
    progress = Signal(int, int, str)  # token, percent, what is being done
    finished = Signal(int, object)  # token, Reading
    failed = Signal(int, str)  # token, one-line message


class _ComparisonJob(QRunnable):
    def __init__(self, token: int, sources: list[AccountSource], signals: _Signals, glossary: str = ""):
        super().__init__()
        self.setAutoDelete(True)
        self.token, self.sources, self.signals, self.glossary = token, sources, signals, glossary

    def run(self) -> None:
        token, signals = self.token, self.signals

        def send(signal, *args) -> None:
            try:
                signal.emit(token, *args)
            except RuntimeError:
                pass  # the window closed while we worked: nobody is waiting for this result

        try:
            comparison = read_and_compare(self.sources, lambda p, text: send(signals.progress, p, text), self.glossary)
            send(signals.progress, 100, "Grouping counterparts")
            # Grouping and per-claim states can take long on big accounts: keep them off the GUI thread too.
            result = Reading(comparison)
        except IngestError as exc:
            send(signals.failed, str(exc))
        except Exception as exc:  # a bug in the engine must not take the window down
            send(signals.failed, f"the comparison failed: {type(exc).__name__}: {exc}")
        else:
            send(signals.finished, result)


class ComparisonRunner(QObject):
    """Starts comparisons in the background and reports only the latest one's outcome."""

    progress = Signal(int, str)
    finished = Signal(object)  # Reading of the comparison
    failed = Signal(str)

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._token = 0
        self._signals = _Signals(self)  # created here, so it lives on the GUI thread
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self.busy = False
        self.dropped = 0  # late results thrown away (for tests and the curious)
        self.glossary = ""  # the analyst's glossary groups, from the library

    def start(self, sources: list[AccountSource]) -> int:
        self._token += 1
        self.busy = True
        self.pool.start(_ComparisonJob(self._token, list(sources), self._signals, self.glossary))
        return self._token

    def cancel(self) -> None:
        """Forget the running request: its result will be dropped when it arrives."""
        self._token += 1
        self.busy = False

    def _current(self, token: int) -> bool:
        if token != self._token:
            self.dropped += 1
            return False
        return True

    def _on_progress(self, token: int, percent: int, text: str) -> None:
        if token == self._token:
            self.progress.emit(percent, text)

    def _on_finished(self, token: int, comparison) -> None:
        if self._current(token):
            self.busy = False
            self.finished.emit(comparison)

    def _on_failed(self, token: int, message: str) -> None:
        if self._current(token):
            self.busy = False
            self.failed.emit(message)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
