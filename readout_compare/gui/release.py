"""Letting go of a long comparison a slice at a time, on the GUI thread's turns of the event loop.

Dropping the last reference to a 100,000-word comparison frees hundreds of thousands of objects in
one go, with the interpreter lock held throughout: 45 ms for the reading, 15 ms for each pane's
laid-out claim boxes (their Qt text layouts), measured at a load average of 3. When a comparison
replaced another one (a second comparison, the semantic alignment swapped in) the window froze for
all of it at once.

``release(*things)`` takes them over and frees them a few milliseconds per turn. A thing held by
nobody else has its contents taken over first (``gc.get_referents``), so freeing it costs little,
and its contents are freed the same way, slice by slice. A thing still held elsewhere (the claims
table still shows the old reading for a turn or two) is looked at again on later turns; after
``PATIENCE`` turns it is let go, and whoever holds it frees it, as before.
"""

from __future__ import annotations

import gc
import sys
from time import perf_counter

from PySide6.QtCore import QObject, QTimer

BUDGET = 0.004  # seconds of freeing per turn of the event loop
PATIENCE = 40  # turns a thing held elsewhere is waited for


class _Releaser(QObject):
    def __init__(self):
        super().__init__()
        self._waiting: list[list] = []  # [thing, turns left], handed over but maybe held elsewhere too
        self._work: list = []  # things held here alone, or their contents
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # a zero timer: it takes its turn with the window's other timers
        self._timer.timeout.connect(self._turn)

    def take(self, things) -> None:
        self._waiting.extend([thing, PATIENCE] for thing in things if thing is not None)
        self._timer.start()

    @property
    def busy(self) -> bool:
        return bool(self._waiting or self._work)

    def _turn(self) -> None:
        still = []
        for entry in self._waiting:
            if sys.getrefcount(entry[0]) <= _ALONE_IN_ENTRY:
                self._work.append(entry[0])
            elif entry[1] > 0:
                entry[1] -= 1
                still.append(entry)
        self._waiting = still
        work = self._work
        deadline = perf_counter() + BUDGET
        while work and perf_counter() < deadline:
            for _ in range(64):  # the clock read once per 64 things
                if not work:
                    break
                thing = work.pop()
                # 2: this name and getrefcount's argument. Held elsewhere: freed by its holder.
                if sys.getrefcount(thing) == 2:
                    work.extend(gc.get_referents(thing))  # then freeing ``thing`` frees nothing more
                del thing
        if work or self._waiting:
            self._timer.start()


def _refs_in_entry() -> int:
    entry = [object(), 0]
    return sys.getrefcount(entry[0])


_ALONE_IN_ENTRY = _refs_in_entry()  # the count of a thing held by its waiting entry alone
_releaser: _Releaser | None = None


def release(*things) -> None:
    """Free these (and what only they hold) a slice at a time on the GUI thread's coming turns."""
    global _releaser
    if _releaser is None:
        _releaser = _Releaser()
    _releaser.take(things)


def releasing() -> bool:
    """Something handed over is still being freed (tests and benchmarks wait for it)."""
    return _releaser is not None and _releaser.busy
