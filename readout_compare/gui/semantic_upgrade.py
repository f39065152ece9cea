"""Lexical first, then the semantic matcher: the window's first comparisons while the model loads.

The semantic model takes seconds to load (in its child process, ``gui.engine``). Rather than keep
the analyst waiting, the window shows a file comparison as soon as the lexical matcher has aligned
it; ``SemanticUpgrade`` then waits for the model off the GUI thread, aligns the same accounts again
with the semantic matcher, and hands the window the new reading (``ready``), which the window swaps
in where the analyst is (the claim selected and the panes' scroll positions kept). Once the model is
ready, comparisons use it directly and nothing is upgraded.

Its ``label``, in the status bar, says what is happening: "Semantic matcher loading…", then
"Aligned with the semantic matcher" (or why the model cannot be used: the lexical alignment stays).
A request for other accounts, or a stored event shown, drops an upgrade still on its way.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Sequence

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QLabel

from ..core.reading import Reading
from ..core.semantic import SemanticError
from .background import Tasks, one_line
from .comparison.runner import compare_sources
from .engine import window_model

LOADING = "Semantic matcher loading…"
ALIGNING = "Aligning with the semantic matcher…"
DONE = "Aligned with the semantic matcher"


def align_again(sources: list, glossary: str, embeddings, prepare: Sequence[Callable[[Reading], object]] = (),
                progress=None) -> Reading:
    """The worker's part: wait for the model, then compare the same accounts with it, and work out
    what the window shows of it there too (``prepare``: the window's own steps, its summary), as a
    first comparison does: the swap then costs the GUI thread no more than showing one."""
    window_model.wait()  # a refusal ends the upgrade here, before any work
    if progress:
        progress(0, ALIGNING)
    return compare_sources(sources, glossary, prepare=prepare, embeddings=embeddings)


class SemanticUpgrade(QObject):
    ready = Signal(object, object)  # the semantic reading, and the sources it was aligned from
    failed = Signal(str)  # why the semantic matcher could not be used (one line)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.tasks = Tasks(self, pool=pool)
        self.label = QLabel()
        self.label.setObjectName("semanticStatus")
        self.label.hide()
        self.pending: list | None = None  # the sources being aligned again
        self._swapping: Reading | None = None  # the semantic reading handed to the window, until shown

    def request(self, sources: list, glossary: str = "", embeddings=None,
                prepare: Sequence[Callable[[Reading], object]] = ()) -> None:
        """Align these sources again with the semantic matcher once it is ready; ``prepare``: what
        else the window wants worked out on the worker (the comparison runner's steps)."""
        self.pending = sources
        self._say(ALIGNING if window_model.ready else LOADING, "The comparison shown was aligned by the lexical matcher; "
                  "it is aligned again when the semantic matcher is ready")

        def done(reading: Reading) -> None:
            self.pending = None
            self._swapping = reading
            self.ready.emit(reading, sources)

        def failed(exc: Exception) -> None:
            self.pending = None
            message = str(exc) if isinstance(exc, SemanticError) else one_line(exc)  # its messages are for the analyst
            self._say(f"Semantic matcher unavailable: {message}"[:120], f"{message}; the lexical alignment stays")
            self.failed.emit(message)

        self.tasks.run(partial(align_again, sources, glossary, embeddings, tuple(prepare)), key="upgrade", done=done, failed=failed,
                       progress=lambda _percent, text: self._say(text, self.label.toolTip()))

    def swapped(self, reading: Reading) -> bool:
        """Whether ``reading`` is the semantic one that replaced a lexical one (asked once it is shown)."""
        if reading is None or reading is not self._swapping:
            return False
        self._swapping = None
        self._say(DONE, "The comparison was aligned again by the semantic matcher, where you were")
        return True

    def cancel(self) -> None:
        """Other accounts or an event are on their way: an upgrade still running is dropped."""
        self.tasks.cancel("upgrade")
        self.pending = self._swapping = None
        self.label.hide()

    def _say(self, text: str, tooltip: str = "") -> None:
        self.label.setText(text)
        self.label.setToolTip(tooltip)
        self.label.show()
