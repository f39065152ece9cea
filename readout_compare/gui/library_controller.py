"""The window's way into the library: every database call on one worker thread, every result back
on the GUI thread through a queued signal.

The store's ``LibraryWorker`` runs the database work in order on its own thread and returns
futures. This controller turns a future's completion into a Qt signal emitted from the worker
thread; because the controller lives on the GUI thread, Qt queues the signal and the callback
runs there (the pattern of Anki's task manager). Alignment (CPU work) runs on a second thread, so
a long comparison never holds up a search, and never holds a write transaction open.

The controller also keeps, on the worker thread only, the version of each event as this window
last saw it: each undoable step passes it to the store and records the new one, so a chain of
quick edits carries the right version along even before the GUI has heard of the first result,
and an edit on an event someone else changed fails with ConcurrentEditError instead of
overwriting their work.
"""

from __future__ import annotations

import itertools
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, Signal

from ..core.ingest import IngestError, read_account
from ..core.model import Account, Comparison
from ..store import repository as repo
from ..store.commands import Change
from ..store.database import Library, open_library
from ..store.errors import ConcurrentEditError, LibraryError
from ..store.limits import check_event
from ..store.worker import LibraryWorker
from .judgements import JudgedReading
from .tasks import align_accounts

log = logging.getLogger(__name__)

ACCOUNT_SUFFIXES = (".txt", ".md", ".html", ".htm")

Done = Callable[[Any], None]
Failed = Callable[[str, Exception], None]


def folder_accounts(folder: str) -> list[Account]:
    """Every account file of a folder, in name order (what File ▸ Import folder stores as one event)."""
    paths = sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in ACCOUNT_SUFFIXES and not p.name.startswith("."))
    if len(paths) < 2:
        raise IngestError(f"{folder} has {len(paths) or 'no'} account file{'s' if len(paths) != 1 else ''} (.txt, .md, .html); an event needs at least two")
    return [read_account(str(p)) for p in paths]


def load_for_window(session, event_id: int, versions: dict[int, int]) -> JudgedReading:
    """Load an event and work out what the window shows of it (on the worker thread)."""
    stored = repo.load_event(session, event_id)
    versions[event_id] = stored.version
    return JudgedReading(stored)




def message_of(exc: BaseException) -> str:
    if isinstance(exc, (LibraryError, IngestError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class LibraryController(QObject):
    """Opens the library off the GUI thread and runs everything on it through one worker."""

    opened = Signal()
    openFailed = Signal(str)
    _delivered = Signal(int, object)  # token, finished future (emitted on a worker thread)

    def __init__(self, url: str | None = None, *, seed: bool | None = None, busy_timeout: float = 5.0, parent=None):
        super().__init__(parent)
        self.url, self.seed, self.busy_timeout = url, seed, busy_timeout
        self.library: Library | None = None
        self.worker: LibraryWorker | None = None
        self.error = ""  # why the library could not be opened
        self.glossary = ""  # the analyst's glossary groups, in the " = " format
        self.glossary_version = 0  # the version those groups were read at: a save is checked against it
        self._align = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readout-align")
        self._tokens = itertools.count(1)
        self._waiting: dict[int, tuple[Done | None, Failed | None]] = {}
        self._versions: dict[int, int] = {}  # touched on the worker thread only
        self._closed = False
        self._delivered.connect(self._deliver)

    # -- plumbing --------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.worker is not None and not self._closed

    @property
    def read_only(self) -> str:
        """Why the library is open for browsing only ("" when it can be changed)."""
        return self.library.read_only if self.library else ""

    @property
    def name(self) -> str:
        return self.library.name if self.library else (self.url or "")

    def _watch(self, future: Future, done: Done | None, failed: Failed | None) -> int:
        token = next(self._tokens)
        self._waiting[token] = (done, failed)

        def finished(f: Future, token=token) -> None:
            try:
                self._delivered.emit(token, f)
            except RuntimeError:
                pass  # the window has gone: nobody is waiting for this

        future.add_done_callback(finished)
        return token

    def _deliver(self, token: int, future: Future) -> None:
        done, failed = self._waiting.pop(token, (None, None))
        if future.cancelled() or self._closed:
            return
        exc = future.exception()
        if exc is None:
            if done:
                done(future.result())
            return
        if not isinstance(exc, (LibraryError, IngestError)):
            log.error("library work failed", exc_info=exc)
        if failed:
            failed(message_of(exc), exc)

    def busy(self) -> bool:
        return bool(self._waiting)

    def read(self, fn, *args, done: Done | None = None, failed: Failed | None = None) -> int:
        """``fn(session, *args)`` in a read transaction on the worker; ``done(result)`` on the GUI thread."""
        return self._watch(self.worker.read(fn, *args), done, failed)

    def write(self, fn, *args, done: Done | None = None, failed: Failed | None = None) -> int:
        return self._watch(self.worker.write(fn, *args), done, failed)

    def align(self, fn, *args, done: Done | None = None, failed: Failed | None = None) -> int:
        """CPU work (reading files, aligning) on the alignment thread, not holding the database."""
        return self._watch(self._align.submit(fn, *args), done, failed)

    # -- opening and closing ------------------------------------------------------------------------
    def open(self) -> None:
        """Open (create, migrate, seed) the library on the alignment thread; then ``opened`` or ``openFailed``."""

        def opening():
            library = open_library(self.url, seed=self.seed, busy_timeout=self.busy_timeout)
            try:
                with library.read() as session:
                    glossary = repo.glossary_text(session), repo.glossary_version(session)
            except BaseException:
                library.close()
                raise
            return library, glossary

        self.align(opening, done=self._opened, failed=self._open_failed)

    def _opened(self, result) -> None:
        library, (self.glossary, self.glossary_version) = result
        if self._closed:
            library.close()
            return
        self.library = library
        self.worker = LibraryWorker(library)
        self.opened.emit()

    def _open_failed(self, message: str, _exc) -> None:
        self.error = message
        self.openFailed.emit(message)

    def close(self) -> None:
        """Finish what was submitted (the analyst's last edit is saved), then stop both threads."""
        if self._closed:
            return
        self._closed = True
        self._align.shutdown(wait=True)
        if self.worker:
            self.worker.close(wait=True)
        if self.library:
            self.library.close()

    # -- what the window asks for -------------------------------------------------------------------
    def list_events(self, query: str = "", done: Done | None = None, failed: Failed | None = None) -> int:
        if query.strip():
            return self.read(repo.search_events, query, done=done, failed=failed)
        return self.read(repo.list_events, done=done, failed=failed)

    def load_event(self, event_id: int, done: Done | None = None, failed: Failed | None = None) -> int:
        return self.read(load_for_window, event_id, self._versions, done=done, failed=failed)

    def find_event(self, ref: str, done: Done | None = None, failed: Failed | None = None) -> int:
        return self.read(repo.find_event, ref, done=done, failed=failed)

    def store_accounts(self, title: str, accounts: Sequence[Account] | None, comparison: Comparison | None = None,
                       *, folder: str = "", done: Done | None = None, failed: Failed | None = None) -> None:
        """Align (unless a comparison is given) off the database thread, then store one new event.

        ``done((saved, duplicates))``: duplicates are accounts whose text was already in the library.
        """
        glossary = self.glossary

        def prepare():
            found = folder_accounts(folder) if folder else list(accounts)
            check_event(title, "", found)  # what the library cannot keep, said before the alignment runs
            return found, comparison or align_accounts(found, glossary)

        def aligned(result) -> None:
            found, made = result

            def save(session):
                dups = repo.duplicates(session, found)
                return repo.create_event(session, title, found, made), dups

            self.write(save, done=done, failed=failed)

        self.align(prepare, done=aligned, failed=failed)

    def realign(self, event_id: int, done: Done | None = None, failed: Failed | None = None) -> None:
        """Run the engine again on a stored event with the analyst's glossary; judgements are re-attached by the store."""
        glossary = self.glossary

        def accounts_of(session):
            stored = repo.load_event(session, event_id)
            return stored.engine.accounts, self._versions.get(event_id, stored.version)

        def aligned(result) -> None:
            comparison, version = result

            def save(session):
                saved = repo.save_comparison(session, event_id, comparison, version)
                self._versions[event_id] = saved.version
                return saved

            self.write(save, done=done, failed=failed)

        self.read(accounts_of, done=lambda r: self.align(lambda: (align_accounts(r[0], glossary), r[1]), done=aligned, failed=failed), failed=failed)

    def save_glossary(self, groups: list[list[str]], done: Done | None = None, failed: Failed | None = None) -> None:
        """Save the analyst's groups on top of the version this window read. If a colleague saved
        since, nothing is written: ``failed`` says so, and the glossary is read again, so the next
        Tools ▸ Glossary shows their groups (nobody's are lost)."""
        version = self.glossary_version

        def save(session):
            new_version = repo.save_glossary(session, groups, expected_version=version)
            return repo.glossary_text(session), new_version

        def saved(result) -> None:
            self.glossary, self.glossary_version = result
            if done:
                done(self.glossary)

        def refused(message: str, exc) -> None:
            if isinstance(exc, ConcurrentEditError):
                self.read(lambda s: (repo.glossary_text(s), repo.glossary_version(s)), done=reread)
            if failed:
                failed(message, exc)

        def reread(result) -> None:
            self.glossary, self.glossary_version = result

        self.write(save, done=saved, failed=refused)

    def step(self, change: Change, undo: bool, event_id: int | None, known_version: int | None,
             done: Done | None = None, failed: Failed | None = None) -> int:
        """One undo or redo step of a store command, with the version this window last saw."""
        versions = self._versions

        def run(session):
            version = versions.get(event_id, known_version) if event_id is not None else None
            saved = (change.undo if undo else change.redo)(session, version)
            if event_id is not None:
                if saved.version:
                    versions[event_id] = saved.version
                else:
                    versions.pop(event_id, None)  # deleted
            return saved

        return self.write(run, done=done, failed=failed)
