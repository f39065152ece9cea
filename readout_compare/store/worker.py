"""One thread for all database work, in the order it was asked for (the window's DB worker).

The GUI thread must never wait on the database. It submits work here and gets a
``concurrent.futures.Future``; the window turns the future's completion into a Qt signal
(queued to the GUI thread) — the pattern of Anki's task manager: one serialised worker for the
collection, callbacks delivered on the main thread. Serialising all work on one thread means
two edits from the same window can never race each other, and SQLite sees one writer.

Pure Python: no Qt here, so the command line and tests use it as it is.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from sqlalchemy.orm import Session

from .database import Library


class LibraryWorker:
    def __init__(self, library: Library):
        self.library = library
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readout-library")

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(session, *args, **kwargs)`` in a read transaction on the worker thread."""
        return self._pool.submit(self._run, self.library.read, fn, args, kwargs)

    def write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(session, *args, **kwargs)`` as one write transaction on the worker thread."""
        return self._pool.submit(self._run, self.library.write, fn, args, kwargs)

    @staticmethod
    def _run(transaction, fn: Callable[..., Any], args, kwargs) -> Any:
        session: Session
        with transaction() as session:
            return fn(session, *args, **kwargs)

    def close(self, wait: bool = True) -> None:
        """Finish what was submitted (the analyst's last edit is saved), then stop the thread."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
