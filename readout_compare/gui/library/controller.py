"""The window's way into the library: every database call on one worker thread, every result back
on the GUI thread.

Both go through the window's one background mechanism (``background.Tasks``): the database work
runs on a pool of one thread of its own, in the order it was asked for, so two edits from the
same window never race and SQLite sees one writer (the pattern of Anki's task manager); each
result or error comes back to the GUI thread through the carrier's queued signals. Alignment
(CPU work: reading files, running the engine) runs on a second one-thread pool, so a long
comparison never holds up a search, and never holds a write transaction open. A request made with a ``key`` supersedes
the earlier ones with that key (the event opened last, the search typed last); ``cancel(key)``
drops one; after ``close`` nothing is delivered any more.

The controller also keeps, on the worker thread only, the version of each event as this window
last saw it: each undoable step passes it to the store and records the new one, so a chain of
quick edits carries the right version along even before the GUI has heard of the first result,
and an edit on an event someone else changed fails with ConcurrentEditError instead of
overwriting their work.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any, Callable, Hashable, Sequence

from PySide6.QtCore import QObject, Signal

from ...core.ingest import IngestError, read_account
from ...core.model import Account, Comparison
from ...core.plural import counted
from ...store import repository as repo
from ...store.commands import Change
from ...store.database import Library, open_library
from ...store.embeddings import LibraryEmbeddings
from ...store.errors import ConcurrentEditError, LibraryError
from ...store.limits import check_event
from ..background import Tasks
from .judgements import JudgedReading
from ..engine import align_accounts

log = logging.getLogger(__name__)

ACCOUNT_SUFFIXES = (".txt", ".md", ".html", ".htm")

Done = Callable[[Any], None]
Failed = Callable[[str, Exception], None]


def folder_accounts(folder: str) -> list[Account]:
    """Every account file of a folder, in name order (what File ▸ Import folder stores as one event)."""
    paths = sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in ACCOUNT_SUFFIXES and not p.name.startswith("."))
    if len(paths) < 2:
        raise IngestError(f"{folder} has {counted(len(paths), 'account file', number=str(len(paths) or 'no'))} (.txt, .md, .html); an event needs at least two")
    return [read_account(str(p)) for p in paths]


def load_for_window(session, event_id: int, versions: dict[int, int]) -> JudgedReading:
    """Load an event and work out what the window shows of it (on the worker thread)."""
    stored = repo.load_event(session, event_id)
    versions[event_id] = stored.version
    return JudgedReading(stored)


def in_transaction(transaction, fn, args) -> Any:
    """``fn(session, *args)`` inside one of the library's transactions (on the worker thread)."""
    with transaction() as session:
        return fn(session, *args)


def message_of(exc: BaseException) -> str:
    if isinstance(exc, (LibraryError, IngestError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class LibraryController(QObject):
    """Opens the library off the GUI thread and runs everything on it through one worker."""

    opened = Signal()
    openFailed = Signal(str)

    def __init__(self, url: str | None = None, *, seed: bool | None = None, busy_timeout: float = 5.0, parent=None):
        super().__init__(parent)
        self.url, self.seed, self.busy_timeout = url, seed, busy_timeout
        self.library: Library | None = None
        self.error = ""  # why the library could not be opened
        self.glossary = ""  # the analyst's glossary groups, in the " = " format
        self.glossary_version = 0  # the version those groups were read at: a save is checked against it
        self._db = Tasks(self, threads=1, name="readout-library")  # every database call, one at a time, in order
        self._align = Tasks(self, threads=1, name="readout-align")  # reading files and aligning, never holding the database
        self._versions: dict[int, int] = {}  # touched on the worker thread only
        self._embeddings: LibraryEmbeddings | None = None
        self._closed = False

    # -- plumbing --------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.library is not None and not self._closed

    @property
    def read_only(self) -> str:
        """Why the library is open for browsing only ("" when it can be changed)."""
        return self.library.read_only if self.library else ""

    @property
    def name(self) -> str:
        return self.library.name if self.library else (self.url or "")

    def _submit(self, tasks: Tasks, function, done: Done | None, failed: Failed | None, key: Hashable | None) -> int:
        def fail(exc: Exception) -> None:
            if not isinstance(exc, (LibraryError, IngestError)):
                log.error("library work failed", exc_info=exc)
            if failed:
                failed(message_of(exc), exc)

        return tasks.run(function, done=done, failed=fail, key=key)

    def busy(self) -> bool:
        return self._db.busy() or self._align.busy()

    def db_busy(self) -> bool:
        """The database worker still has calls to answer."""
        return self._db.busy()

    def read(self, fn, *args, done: Done | None = None, failed: Failed | None = None, key: Hashable | None = None) -> int:
        """``fn(session, *args)`` in a read transaction on the worker; ``done(result)`` on the GUI thread."""
        return self._submit(self._db, partial(in_transaction, self.library.read, fn, args), done, failed, key)

    def write(self, fn, *args, done: Done | None = None, failed: Failed | None = None, key: Hashable | None = None) -> int:
        return self._submit(self._db, partial(in_transaction, self.library.write, fn, args), done, failed, key)

    def align(self, fn, *args, done: Done | None = None, failed: Failed | None = None) -> int:
        """CPU work (reading files, aligning) on the alignment thread, not holding the database."""
        return self._submit(self._align, partial(fn, *args), done, failed, None)

    def cancel(self, key: Hashable) -> None:
        """Drop the outcome of the pending request made with ``key``."""
        self._db.cancel(key)

    def embedding_store(self) -> LibraryEmbeddings | None:
        """The library's embedding cache for the engine, read and written on the database thread
        (None until the library is open)."""
        if not self.is_open:
            return None
        if self._embeddings is None or self._embeddings.library is not self.library:
            self._embeddings = LibraryEmbeddings(self.library, submit=self._db.submit)
        return self._embeddings

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
        self.opened.emit()

    def _open_failed(self, message: str, _exc) -> None:
        self.error = message
        self.openFailed.emit(message)

    def close(self) -> None:
        """Finish what was submitted (the analyst's last edit is saved), then stop both threads."""
        if self._closed:
            return
        self._closed = True
        for tasks in (self._align, self._db):  # alignment first: nothing it finishes is stored after this
            tasks.close(wait=True)  # nothing more is delivered, but what was submitted runs to its end
        if self.library:
            self.library.close()

    # -- what the window asks for -------------------------------------------------------------------
    def list_events(self, query: str = "", done: Done | None = None, failed: Failed | None = None, key: Hashable | None = None) -> int:
        if query.strip():
            return self.read(repo.search_events, query, done=done, failed=failed, key=key)
        return self.read(repo.list_events, done=done, failed=failed, key=key)

    def load_event(self, event_id: int, done: Done | None = None, failed: Failed | None = None, key: Hashable | None = None) -> int:
        return self.read(load_for_window, event_id, self._versions, done=done, failed=failed, key=key)

    def find_event(self, ref: str, done: Done | None = None, failed: Failed | None = None) -> int:
        return self.read(repo.find_event, ref, done=done, failed=failed)

    def store_accounts(self, title: str, accounts: Sequence[Account] | None, comparison: Comparison | None = None,
                       *, folder: str = "", done: Done | None = None, failed: Failed | None = None) -> None:
        """Align (unless a comparison is given) off the database thread, then store one new event.

        ``done((saved, duplicates))``: duplicates are accounts whose text was already in the library.
        """
        glossary, embeddings = self.glossary, self.embedding_store()

        def prepare():
            found = folder_accounts(folder) if folder else list(accounts)
            check_event(title, "", found)  # what the library cannot keep, said before the alignment runs
            return found, comparison or align_accounts(found, glossary, embeddings=embeddings)

        def aligned(result) -> None:
            found, made = result

            def save(session):
                dups = repo.duplicates(session, found)
                return repo.create_event(session, title, found, made), dups

            self.write(save, done=done, failed=failed)

        self.align(prepare, done=aligned, failed=failed)

    def realign(self, event_id: int, done: Done | None = None, failed: Failed | None = None) -> None:
        """Run the engine again on a stored event with the analyst's glossary and her own claim
        boundaries (splits and merges); judgements are re-attached by the store."""
        glossary, embeddings = self.glossary, self.embedding_store()
        versions = self._versions

        def accounts_of(session):
            stored = repo.load_event(session, event_id)
            return stored.engine.accounts, stored.boundaries()

        def aligned(result) -> None:
            comparison, boundaries = result

            def save(session):
                stored = repo.load_event(session, event_id)
                version = versions.get(event_id, stored.version)  # this window's own later edits are no conflict
                if stored.boundaries() != boundaries:
                    # A split or merge was made or undone since: its own re-alignment comes after this one.
                    return repo.Saved(event_id, version)
                saved = repo.save_comparison(session, event_id, comparison, version)
                versions[event_id] = saved.version
                return saved

            self.write(save, done=done, failed=failed)

        def align(result) -> None:
            accounts, boundaries = result
            self.align(lambda: (align_accounts(accounts, glossary, boundaries=boundaries, embeddings=embeddings), boundaries),
                       done=aligned, failed=failed)

        self.read(accounts_of, done=align, failed=failed)

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

        def finished(saved) -> None:
            # A split or merge (made, undone, removed) changes the claims: align the event again,
            # on the alignment thread, before the step is reported done.
            if change.realigns and event_id is not None and saved.version:
                self.realign(event_id, done=lambda _s: done and done(saved), failed=failed)
            elif done:
                done(saved)

        return self.write(run, done=finished, failed=failed)
