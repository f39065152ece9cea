"""Fewer garbage-collector passes while a comparison is built.

A long comparison makes millions of small objects that all live until it is done (claims, their
facts, sets of terms, links), so the collector's default pace (a pass every 700 new objects, and
a full pass over everything alive every hundred or so of those) spends its time proving that they
are alive: at 100,000 words per account about a tenth of the comparison's time. While any
comparison runs, the young generation is collected ten times less often; the thresholds come
back when the last comparison in the process ends. Standard library only.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_YOUNG_WHILE_COMPARING = 50_000  # objects; a pass over 50,000 young objects takes a few milliseconds

_lock = threading.Lock()
_running = 0
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's young-generation threshold for as long as any comparison runs (the
    window may run two at once: the lexical one and the semantic upgrade)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            if _saved[0] and _saved[0] < _YOUNG_WHILE_COMPARING:  # 0: the collector was switched off; leave it
                gc.set_threshold(_YOUNG_WHILE_COMPARING, *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and gc.get_threshold()[0] == _YOUNG_WHILE_COMPARING:
                gc.set_threshold(*_saved)
