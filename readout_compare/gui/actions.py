"""Making a menu action the same way in every room: its text, shortcut, tooltip and status tip.

Each room makes its own actions and exposes them by name; only the window puts actions into
menus and the toolbar.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

LISTED_AS = "listedAs"  # an action property: its name in Help ▸ Keyboard shortcuts when its text changes ("Undo Tag A2")
GENERATED_MENU = "generated"  # a QMenu property: its entries are made on the fly (File ▸ Recent), not actions to list


def make_action(parent: QObject | None, text: str, slot: Callable, shortcut=None, tip: str = "", *,
                checkable: bool = False, key_in_tooltip: bool = True) -> QAction:
    """An action whose tooltip says what it does and its shortcut ("Zoom in (Ctrl++)").

    ``shortcut``: a key sequence, a standard key or a list of sequences (the first is shown).
    ``key_in_tooltip=False`` leaves the tooltip to Qt (the text, without "&" and "…"), as the
    library's actions have it. ``slot`` is connected to ``triggered`` as it is: a slot that
    takes an argument gets the checked state.
    """
    action = QAction(text, parent)
    if shortcut:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    words = tip or text.replace("&", "")
    if key_in_tooltip:
        key = f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" if shortcut else ""
        action.setToolTip(words + key)
        action.setStatusTip(words)
    else:
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


def distinct_keys(*keys) -> list[QKeySequence]:
    """Key sequences without repeats, in order: a platform's standard key (Undo is Ctrl+Z on Linux)
    given again as a fallback would make the key ambiguous, and Qt then runs neither action."""
    out: list[QKeySequence] = []
    seen: set[str] = set()
    for key in keys:
        bindings = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
        for binding in bindings:
            text = binding.toString(QKeySequence.SequenceFormat.PortableText)
            if text and text not in seen:
                seen.add(text)
                out.append(binding)
    return out
