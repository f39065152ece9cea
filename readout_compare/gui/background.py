"""Running one slow call (an export, building a briefing for printing) off the GUI thread.

The pattern of git-cola's Task/RunTask, shared by exports, printing and ``tasks.ComparisonRunner``: a QRunnable does the
work on the thread pool, a QObject created on the GUI thread carries its signals, so progress,
the result and the error all arrive on the GUI thread through queued connections. Each call gets
a token; ``cancel`` makes the running call's outcome be dropped when it arrives (the window
moved on, or closed).

The called function gets a ``progress(percent, text)`` keyword argument it may call from the
worker thread.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.ingest import IngestError
from ..export.writers import ExportError


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
    progress = Signal(int, int, str)  # token, percent, what is being done
    finished = Signal(int, object)  # token, result
    failed = Signal(int, str)  # token, one-line message


class _Call(QRunnable):
    def __init__(self, token: int, function: Callable[..., Any], carrier: _Carrier):
        super().__init__()
        self.setAutoDelete(True)
        self.token, self.function, self.carrier = token, function, carrier

    def run(self) -> None:
        token, carrier = self.token, self.carrier

        def send(signal, *args) -> None:
            try:
                signal.emit(token, *args)
            except RuntimeError:
                pass  # the window closed while we worked: nobody is waiting for this

        try:
            result = self.function(progress=lambda percent, text: send(carrier.progress, int(percent), str(text)))
        except Exception as exc:  # noqa: BLE001 - reported to the analyst in one line
            send(carrier.failed, one_line(exc))
        else:
            send(carrier.finished, result)


class BackgroundCall(QObject):
    """Runs one call at a time in the background and reports the latest call's outcome."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._token = 0
        self._carrier = _Carrier(self)  # created here, so it lives on the GUI thread
        self._carrier.progress.connect(self._on_progress)
        self._carrier.finished.connect(self._on_finished)
        self._carrier.failed.connect(self._on_failed)
        self.busy = False
        self.dropped = 0  # late outcomes thrown away (for tests and the curious)

    def start(self, function: Callable[..., Any]) -> int:
        self._token += 1
        self.busy = True
        self.pool.start(_Call(self._token, function, self._carrier))
        return self._token

    def cancel(self) -> None:
        """Forget the running call: its outcome is dropped when it arrives."""
        self._token += 1
        self.busy = False

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def _current(self, token: int) -> bool:
        if token != self._token:
            self.dropped += 1
            return False
        return True

    def _on_progress(self, token: int, percent: int, text: str) -> None:
        if token == self._token:
            self.progress.emit(percent, text)

    def _on_finished(self, token: int, result) -> None:
        if self._current(token):
            self.busy = False
            self.finished.emit(result)

    def _on_failed(self, token: int, message: str) -> None:
        if self._current(token):
            self.busy = False
            self.failed.emit(message)
