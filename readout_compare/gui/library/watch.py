"""Noticing that another process changed the library: an import from the command line, a
colleague's rename or deletion on a shared database.

Every few seconds, and only while the database worker has nothing else to do, the watch asks
the worker for the library's change mark (``repository.change_mark``: how many events, the
highest id, the sum of their versions: one aggregate query) and says ``changed`` when it moved
since the last look. The GUI thread only starts a timer and compares three numbers; the list
itself is read again by whoever listens (the library room), on the worker, keeping the
analyst's selection. The window's own edits move the mark too; reading the list once more
after them costs one query and shows the same thing.

The same query on SQLite and PostgreSQL, and no file watcher: a shared server database has no
file to watch, and a watcher on a SQLite file fires on the window's own writes and journal.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ...store import repository as repo
from .controller import LibraryController

WATCH = "library change mark"  # the key of the request: a slow answer is superseded, never queued twice
INTERVAL_MS = 2000


class LibraryWatch(QObject):
    changed = Signal()  # another process (or this window) changed the library since the last look

    def __init__(self, controller: LibraryController, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.controller = controller
        self.mark: tuple[int, int, int] | None = None  # as last read
        self.looks = 0  # how many marks came back (tests and benchmarks read it)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        """Start watching (the library is open, its list asked for): the first look, queued right
        behind the list on the worker, sets the mark the later looks compare with."""
        self.mark = None
        self.timer.start()
        self.look(first=True)

    def stop(self) -> None:
        self.timer.stop()

    def look(self, first: bool = False) -> None:
        controller = self.controller
        if not controller.is_open:
            self.stop()
            return
        if controller.db_busy() and not first:
            return  # the analyst's own work first; the next tick looks again
        controller.read(repo.change_mark, done=self._seen, failed=lambda _m, _e: None, key=WATCH)

    def _seen(self, mark) -> None:
        self.looks += 1
        before, self.mark = self.mark, tuple(mark)
        if before is not None and self.mark != before:
            self.changed.emit()
