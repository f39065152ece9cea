"""Help ▸ Keyboard shortcuts and Help ▸ About Readout Compare.

The shortcuts are read from the window's actions when the dialog opens, never written down by
hand: every menu's actions in menu order (with their menu's path), then the actions that live
on a widget rather than in a menu (the Library list's Rename and Delete), with the dock they
belong to. An action whose key changes, or a new action in a menu, shows in the list by itself.
About names the version (``readout_compare.__version__``), the Qt and Python it runs on.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .actions import GENERATED_MENU, LISTED_AS, make_action

APP_NAME = "Readout Compare"


@dataclass(frozen=True)
class Shortcut:
    where: str  # "Edit", "File ▸ Recent", or the dock an action outside the menus belongs to
    action: str  # the action's text without its "&"
    keys: str  # its key sequences in the platform's words, "" when it has none


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def name_of(action: QAction) -> str:
    """The action's name: what it is listed as when its text changes with what it would do
    (Undo says "Undo Tag A2"), else its text."""
    return plain(action.property(LISTED_AS) or action.text())


def keys_of(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())


def _menu_rows(menu: QMenu, where: str, seen: set[int]) -> list[Shortcut]:
    rows: list[Shortcut] = []
    if menu.property(GENERATED_MENU):
        return rows
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            rows += _menu_rows(sub, f"{where} ▸ {plain(sub.title())}", seen)
            continue
        seen.add(id(action))
        rows.append(Shortcut(where, name_of(action), keys_of(action)))
    return rows


def _place_of(action: QAction) -> str:
    """The dock (or "Window") an action outside the menus belongs to."""
    widget = action.parent()
    while isinstance(widget, QWidget):
        if isinstance(widget, QDockWidget):
            return plain(widget.windowTitle())
        widget = widget.parentWidget()
    return "Window"


def shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every action of the window's menus (with or without a key), then every other action that
    has a key (what a widget answers to, such as the Library list's F2 and Delete)."""
    seen: set[int] = set()
    rows: list[Shortcut] = []
    for top in window.menuBar().actions():
        if top.menu() is not None:
            rows += _menu_rows(top.menu(), plain(top.menu().title()), seen)
    extra = []
    for action in window.findChildren(QAction):
        if id(action) in seen or not keys_of(action) or not action.text():
            continue
        seen.add(id(action))
        extra.append(Shortcut(_place_of(action), name_of(action), keys_of(action)))
    return rows + sorted(extra, key=lambda s: (s.where, s.action))


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: a table of every action and its keys, with a filter."""

    def __init__(self, rows: list[Shortcut], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(720, 680)
        self.rows = rows
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by action, menu or key…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the shortcuts")
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName("Keyboard shortcuts")
        for r, row in enumerate(rows):
            for c, text in enumerate((row.where, row.action, row.keys or "—")):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.where} ▸ {row.action}" + (f": {row.keys}" if row.keys else ": no key"))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.filter.textChanged.connect(self._filter)
        note = QLabel("Read from the window's menus as they are now; a dash: no key, use the menu.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for r, row in enumerate(self.rows):
            hay = f"{row.action} {row.keys} {row.where}".casefold()
            self.table.setRowHidden(r, not all(w in hay for w in words))

    def visible_rows(self) -> list[Shortcut]:
        return [row for r, row in enumerate(self.rows) if not self.table.isRowHidden(r)]


def about_text() -> str:
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Readout Compare lines up official accounts of the same event claim by claim, "
        "and shows what each account leaves out, words differently, or contradicts.</p>"
        f"<p>Version {__version__} · Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}</p>"
    )


class HelpMenu:
    """The Help menu's actions for ``window``: ``shortcuts_action`` (F1) and ``about_action``."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.shortcuts_action = make_action(window, "&Keyboard shortcuts", self.show_shortcuts, "F1",
                                            "Every action of the window and its keys")
        self.about_action = make_action(window, f"&About {APP_NAME}", self.show_about, None, "The version and what it runs on")
        self.dialog: ShortcutsDialog | None = None

    def actions(self) -> list[QAction]:
        return [self.shortcuts_action, None, self.about_action]

    def shortcuts_dialog(self) -> ShortcutsDialog:
        """The dialog, read from the actions as they are now (tests look at it without showing it)."""
        self.dialog = ShortcutsDialog(shortcuts(self.window), self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return self.dialog

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog().show()  # not modal: the analyst can try a key with the list open

    def show_about(self) -> None:
        QMessageBox.about(self.window, f"About {APP_NAME}", about_text())
