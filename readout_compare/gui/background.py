"""The one way slow work leaves the GUI thread: a runnable, a signal carrier and a request token.

``Tasks.run(function, done=..., failed=..., progress=..., key=...)`` wraps the function in a
runnable (``_Task``) and hands it to a thread pool. Its outcome travels back through a
``_Carrier``, a QObject made on the GUI thread: Qt queues the carrier's signals, so
``done(result)``, ``failed(exception)`` and ``progress(percent, text)`` are always called on the
GUI thread (the pattern of git-cola's Task/RunTask). Every call gets a token, and an outcome is delivered only while its token is
still wanted; otherwise it is dropped when it arrives (and counted in ``dropped``):

- a call with a ``key`` supersedes the earlier calls with that key ("latest wins": the
  comparison asked for last, the event opened last, the search typed last);
- ``cancel(key)`` drops the pending calls of one key, ``close()`` every pending call.

A pool of its own (``Tasks(threads=1)``) runs its calls one at a time in the order they were
asked for: the library's database work goes through one, so two edits from the same window
never race and SQLite sees one writer (the pattern of Anki's task manager). Other work uses
Qt's global pool. A pool of its own is made of Python threads (``concurrent.futures``) rather
than a QThreadPool: handing a call to a Python thread keeps Python's lock on the GUI thread,
which finishes what it was doing first, whereas PySide lets go of the lock inside
``QThreadPool.start`` and the GUI thread then waits for the worker to hand it back (measured
with benchmarks/bench_library_window.py: 1.6 ms per start on the GUI thread, about 8 ms more per
judgement saved and shown again).

``BackgroundCall`` is the one-call-at-a-time face of ``Tasks``, with Qt signals: file
comparisons, exports and the print preview's briefing run through it. The function it runs is
given a ``progress(percent, text)`` keyword argument it may call from the worker thread.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.ingest import IngestError
from ..export.writers import ExportError

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]
Progress = Callable[[int, str], None]


def one_line(exc: BaseException) -> str:
    """What went wrong, in one line the analyst can act on (no traceback)."""
    if isinstance(exc, (ExportError, IngestError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return f"{exc.strerror or exc}{where}"
    if isinstance(exc, ValueError):
        return str(exc)
    # a bug must not take the window down, but it should still be reportable
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


class _Carrier(QObject):
    """Made on the GUI thread, so what a worker emits through it arrives there, queued."""

    progress = Signal(int, int, str)  # token, percent, what is being done
    finished = Signal(int, object)  # token, result
    failed = Signal(int, object)  # token, the exception raised


class _Task(QRunnable):
    def __init__(self, token: int, function: Callable[..., Any], carrier: _Carrier, reports: bool):
        super().__init__()
        self.setAutoDelete(True)
        self.token, self.function, self.carrier, self.reports = token, function, carrier, reports

    def run(self) -> None:
        token, carrier = self.token, self.carrier

        def send(signal, *args) -> None:
            try:
                signal.emit(token, *args)
            except RuntimeError:
                pass  # the window closed while we worked: nobody is waiting for this

        try:
            if self.reports:
                result = self.function(progress=lambda percent, text: send(carrier.progress, int(percent), str(text)))
            else:
                result = self.function()
        except Exception as exc:  # noqa: BLE001 - handed to the caller's ``failed`` on the GUI thread
            send(carrier.failed, exc)
        else:
            send(carrier.finished, result)


@dataclass
class _Request:
    done: Done | None
    failed: Failed | None
    progress: Progress | None
    key: Hashable | None


class Tasks(QObject):
    """Functions run on a thread pool; outcomes on the GUI thread while their token is wanted."""

    def __init__(self, parent: QObject | None = None, *, pool: QThreadPool | None = None, threads: int = 0,
                 name: str = "readout-tasks"):
        super().__init__(parent)
        # ``threads``: a pool of its own, of that many threads (1: one call at a time, in order)
        self._own = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name) if threads and pool is None else None
        self._running: set[Future] = set()  # calls given to the pool of its own and not yet finished
        self.pool = None if self._own else (pool or QThreadPool.globalInstance())
        self._tokens = itertools.count(1)
        self._waiting: dict[int, _Request] = {}
        self._latest: dict[Hashable, int] = {}  # key -> the token that supersedes the others
        self.dropped = 0  # outcomes thrown away on arrival (for tests and the curious)
        self._carrier = _Carrier(self)  # made here, so it lives on the GUI thread
        self._carrier.progress.connect(self._on_progress)
        self._carrier.finished.connect(self._on_finished)
        self._carrier.failed.connect(self._on_failed)

    def run(self, function: Callable[..., Any], *, done: Done | None = None, failed: Failed | None = None,
            progress: Progress | None = None, key: Hashable | None = None) -> int:
        """Start ``function()`` (``function(progress=...)`` when ``progress`` is given); returns its token."""
        token = next(self._tokens)
        if key is not None:
            self._waiting.pop(self._latest.get(key, 0), None)  # superseded: dropped when it arrives
            self._latest[key] = token
        self._waiting[token] = _Request(done, failed, progress, key)
        task = _Task(token, function, self._carrier, progress is not None)
        if self._own is not None:
            future = self._own.submit(task.run)
            self._running.add(future)
            future.add_done_callback(self._running.discard)
        else:
            self.pool.start(task)
        return token

    def submit(self, function: Callable[[], Any]) -> Future:
        """Run ``function()`` on the pool of its own, in turn with the other calls, and hand back its
        Future: for a worker thread that waits for the outcome (the engine reading the library's
        embedding cache on the database thread). Never wait for it on the GUI thread."""
        if self._own is None:
            raise RuntimeError("only a pool of its own hands back futures")
        future = self._own.submit(function)
        self._running.add(future)
        future.add_done_callback(self._running.discard)
        return future

    def cancel(self, key: Hashable) -> None:
        """Forget the pending call of ``key``: its outcome is dropped when it arrives."""
        self._waiting.pop(self._latest.pop(key, 0), None)

    def close(self, wait: bool = False) -> None:
        """Forget every pending call: nothing more is delivered, and a pool of its own takes no more.

        The work already given still runs to its end (the analyst's last edit is saved);
        ``wait``: return only then, with a pool of its own's threads stopped."""
        self._waiting.clear()
        self._latest.clear()
        if self._own is not None:
            self._own.shutdown(wait=wait)
        elif wait:
            self.pool.waitForDone(-1)

    def busy(self, key: Hashable | None = None) -> bool:
        """A call (of ``key``, or any) is still waited for."""
        return key in self._latest if key is not None else bool(self._waiting)

    def wait(self, msecs: int = 30000) -> bool:
        """Wait until the pool has run everything it was given (-1: however long it takes)."""
        if self._own is not None:
            _done, pending = wait_for_futures(list(self._running), timeout=None if msecs < 0 else msecs / 1000)
            return not pending
        return self.pool.waitForDone(msecs)

    def _take(self, token: int) -> _Request | None:
        request = self._waiting.pop(token, None)
        if request is None:
            self.dropped += 1
        elif request.key is not None and self._latest.get(request.key) == token:
            del self._latest[request.key]
        return request

    def _on_progress(self, token: int, percent: int, text: str) -> None:
        request = self._waiting.get(token)
        if request is not None and request.progress is not None:
            request.progress(percent, text)

    def _on_finished(self, token: int, result) -> None:
        request = self._take(token)
        if request is not None and request.done is not None:
            request.done(result)

    def _on_failed(self, token: int, exc) -> None:
        request = self._take(token)
        if request is not None and request.failed is not None:
            request.failed(exc)


class BackgroundCall(QObject):
    """Runs one call at a time in the background and reports only the latest call's outcome."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)  # one line the analyst can act on

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.tasks = Tasks(self, pool=pool)
        self.pool = self.tasks.pool

    def start(self, function: Callable[..., Any]) -> int:
        return self.tasks.run(function, key="call", done=self.finished.emit, progress=self.progress.emit,
                              failed=lambda exc: self.failed.emit(one_line(exc)))

    def cancel(self) -> None:
        """Forget the running call: its outcome is dropped when it arrives."""
        self.tasks.cancel("call")

    @property
    def busy(self) -> bool:
        return self.tasks.busy("call")

    @property
    def dropped(self) -> int:
        return self.tasks.dropped

    def wait(self, msecs: int = 30000) -> bool:
        return self.tasks.wait(msecs)
