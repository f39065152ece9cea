"""The find bar over the accounts: what to find, how many claims have it ("3 of 11"), previous /
next, whether the claims table shows only the groups found, and a close button.

Only widgets: the comparison room does the finding (``core.find``) and says what to show
(``show_count``). Enter / Shift+Enter in the field go to the next / previous claim found, Escape
closes the bar; F3 / Shift+F3 are the room's actions and work from anywhere in the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    textChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    filterToggled = Signal(bool)  # True: the claims table shows only the groups found
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in every account (case and accents ignored)")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in the accounts")
        self.field.textChanged.connect(self.textChanged)
        self.field.returnPressed.connect(self._return_pressed)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("No claim has this") + 8)
        self.previous_button = self._button("▲", "Previous claim found (Shift+F3)", self.previousRequested)
        self.next_button = self._button("▼", "Next claim found (F3)", self.nextRequested)
        self.filter_box = QCheckBox("Only these groups in the claims table")  # no "&": Alt+letters are the menus'
        self.filter_box.toggled.connect(self.filterToggled)
        close = self._button("✕", "Close the find bar (Escape)", self.closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.filter_box)
        layout.addWidget(close)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.closed)
        self.hide()

    def _button(self, text: str, tip: str, signal) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(signal)
        return button

    def _return_pressed(self) -> None:
        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previousRequested.emit()
        else:
            self.nextRequested.emit()

    def open(self) -> None:
        """Show the bar with the field focused and its text selected, to type over or to keep."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def text(self) -> str:
        return self.field.text()

    def show_count(self, current: int | None, total: int, query: str) -> None:
        """"3 of 11" claims; "No claim has this" when nothing is found; nothing for an empty field."""
        if not query.strip():
            self.count.setText("")
        elif not total:
            self.count.setText("No claim has this")
        else:
            self.count.setText(f"{current + 1 if current is not None else 0} of {total}")
        self.count.setToolTip(f"Claims that contain “{query.strip()}”, in every account" if query.strip() else "")
