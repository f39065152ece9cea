"""Undo and redo in the window: each library change is a QUndoCommand on the window's QUndoStack.

A command wraps one of the store's do/undo pairs (``store.commands``). Qt calls ``redo`` when the
command is pushed and ``undo``/``redo`` when the analyst presses Ctrl+Z / Ctrl+Shift+Z; each
call only submits the step to the database worker and returns, so the GUI thread never waits.
The worker runs the steps in the order they were asked for, so an undo submitted right after
its redo always finds the change it is taking back. When a step is done, ``finished`` is
called on the GUI thread (the window reloads the event); when it fails, ``failed``.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from ...store.commands import Change
from ...store.repository import Saved
from .controller import LibraryController


class StoreCommand(QUndoCommand):
    def __init__(
        self,
        change: Change,
        controller: LibraryController,
        event_id: int | None,
        known_version: int | None,
        finished: Callable[["StoreCommand", bool, Saved], None],
        failed: Callable[["StoreCommand", str, Exception], None],
        text: str = "",
    ):
        super().__init__(text or change.text)
        self.label = text or change.text  # kept in Python: the Qt side is gone once the stack is cleared
        self.change, self.controller = change, controller
        self.event_id, self.known_version = event_id, known_version
        self._finished, self._failed = finished, failed

    def redo(self) -> None:
        self._step(undo=False)

    def undo(self) -> None:
        self._step(undo=True)

    def _step(self, undo: bool) -> None:
        self.controller.step(
            self.change, undo, self.event_id, self.known_version,
            done=lambda saved: self._finished(self, undo, saved),
            failed=lambda message, exc: self._failed(self, message, exc),
        )
