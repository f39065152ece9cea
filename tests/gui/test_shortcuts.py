"""Every keyboard shortcut does one thing: no two actions of the window share a key, and no action
lists a key twice (Qt then calls the key ambiguous and runs nothing: Ctrl+Z did nothing once Undo
became enabled). Disabled actions count too: Undo is disabled until there is something to undo."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence

from library_window import lib_window, library_url  # noqa: F401


def shared_keys(window) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text and action.text() not in owners[text]:
                owners[text].append(action.text() or action.objectName())
    return {key: names for key, names in owners.items() if len(names) > 1 or _twice(window, key)}


def _twice(window, key: str) -> bool:
    # one action listing the same key twice is ambiguous too
    return any(
        [k.toString(QKeySequence.SequenceFormat.PortableText) for k in a.shortcuts()].count(key) > 1
        for a in window.findChildren(QAction)
    )


def test_no_two_actions_share_a_key(lib_window):
    assert shared_keys(lib_window) == {}


def test_undo_and_redo_answer_their_keys(lib_window):
    keys = {a.text().replace("&", ""): [k.toString(QKeySequence.SequenceFormat.PortableText) for k in a.shortcuts()]
            for a in lib_window.findChildren(QAction)}
    undo = next(v for k, v in keys.items() if k.startswith("Undo"))
    redo = next(v for k, v in keys.items() if k.startswith("Redo"))
    assert "Ctrl+Z" in undo and "Ctrl+Shift+Z" in redo


def test_a_standard_key_given_again_as_a_fallback_is_kept_once():
    from readout_compare.gui.actions import distinct_keys

    keys = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in distinct_keys("Ctrl+Z", "Ctrl+Z", "Ctrl+Y")]
    assert keys == ["Ctrl+Z", "Ctrl+Y"]
    # whatever the platform binds Undo to, Ctrl+Z appears once
    undo = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in distinct_keys(QKeySequence.StandardKey.Undo, "Ctrl+Z")]
    assert undo.count("Ctrl+Z") == 1
