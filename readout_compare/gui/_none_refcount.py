"""Work around a reference-count bug of PySide6 6.12 on Python 3.11.

Every PySide6 call that returns ``None`` (``widget.update()``, ``painter.drawRect()``, any void
method) gives back ``None`` without taking a reference to it. On Python 3.12 and later ``None``
is immortal and nothing happens; on 3.11 its count falls by one per call, and after some tens
of thousands of calls (a relayout of a 20,000-word account, a minute of scrolling) Python aborts
with "Fatal Python error: none_dealloc: deallocating None".

The count of ``None`` means nothing (None is never freed), so on an affected interpreter we set
it so high that no session can ever run it down. The probe makes sure we only touch it when the
bug is really there.
"""

from __future__ import annotations

import ctypes
import sys

_HIGH = 1 << 60


def _leaks_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.parent()  # returns None
    return sys.getrefcount(None) < before - 32


def apply() -> bool:
    """Raise None's reference count if PySide6 leaks it on this interpreter. True if applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # None is immortal there
    if not _leaks_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value = _HIGH
    return True


APPLIED = apply()
