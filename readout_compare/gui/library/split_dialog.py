"""Split claim…: the analyst chooses where one claim is cut in two.

The claim's text is shown with a cursor, placed at first where a cut most likely belongs (a
sentence's end, a semicolon, a comma before "and": ``core.boundaries.suggested_cut``). The
analyst moves it with a click or the arrow keys, or selects the words that are to become the
second claim; the two claims it would make are shown under the text as she goes. A cut inside a
word is moved to the space beside it, as the store will do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...core.boundaries import snapped_cut, suggested_cut
from ...core.model import Claim


class SplitDialog(QDialog):
    def __init__(self, claim: Claim, parent: QWidget | None = None):
        super().__init__(parent)
        self.claim = claim
        self.setWindowTitle(f"Split claim {claim.id}")
        intro = QLabel(f"Click where {claim.id} is to be cut in two (or select the words of the second claim):")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(claim.text)
        self.text.setReadOnly(True)
        # Read-only, yet with a cursor the analyst can place by mouse or keyboard.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setAccessibleName(f"Text of claim {claim.id}")
        self.text.setMinimumWidth(520)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 6 + 12)
        self.first = QLabel()
        self.second = QLabel()
        for label in (self.first, self.second):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Split")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        layout.addWidget(self.buttons)
        self.text.cursorPositionChanged.connect(self._preview)
        self.text.selectionChanged.connect(self._preview)
        self.place(suggested_cut(claim.text))
        self.text.setFocus()

    def place(self, at: int) -> None:
        """Put the cursor at ``at`` characters into the claim's text."""
        cursor = self.text.textCursor()
        cursor.setPosition(max(0, min(at, len(self.claim.text))))
        self.text.setTextCursor(cursor)
        self._preview()

    def cut(self) -> int:
        """Where the claim would be cut, in characters into its text (0: nowhere)."""
        cursor: QTextCursor = self.text.textCursor()
        at = cursor.position()
        if cursor.hasSelection():
            # The selected words are the second claim, unless the selection starts the text:
            # then they are the first.
            at = cursor.selectionEnd() if cursor.selectionStart() == 0 else cursor.selectionStart()
        return snapped_cut(self.claim.text, at)

    def pieces(self) -> tuple[str, str]:
        at = self.cut()
        return self.claim.text[:at].strip(), self.claim.text[at:].strip()

    def _preview(self) -> None:
        head, tail = self.pieces()
        ok = bool(head and tail)
        self.first.setText(f"1. {head}" if ok else "Place the cursor inside the text, between two words.")
        self.second.setText(f"2. {tail}" if ok else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
