"""Tools ▸ Glossary: the analyst's own groups of equivalent terms, beside the shipped ones.

One group a line, terms separated by " = " (the format of the shipped glossary). The analyst's
groups are kept in the library, so they follow the library (and a team sharing one library
shares them); every matcher reads them at the next comparison or re-alignment.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.terms import GROUP_SEPARATOR, parse_groups
from ...resources import read_resource


def groups_problem(text: str) -> str:
    """Why these lines are not usable glossary groups ("" when they are)."""
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = [t.strip() for t in line.split("=")]
        if len(terms) < 2 or not all(terms):
            return f"line {n}: a group needs two or more terms separated by “ = ” (e.g. Kyiv = Kiev)"
    return ""


class GlossaryDialog(QDialog):
    def __init__(self, text: str, parent=None, realign_label: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Glossary of equivalent terms")
        self.resize(820, 560)
        intro = QLabel(
            "Terms on one line count as the same word for every matcher, e.g. "
            "<i>Astana format = Astana process</i>. One group a line, terms separated by “ = ”. "
            "Your groups are kept in the library and used from the next comparison or re-alignment."
        )
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName("Your glossary groups")
        self.editor.setPlaceholderText("Astana format = Astana process\nSupreme Leader = Ayatollah Khamenei")
        shipped = QPlainTextEdit(read_resource("glossary.txt"))
        shipped.setReadOnly(True)
        shipped.setAccessibleName("The shipped glossary (read-only)")
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(fixed)
        shipped.setFont(fixed)
        split = QSplitter()
        for title, widget in (("Your groups", self.editor), ("Shipped with Readout Compare (read-only)", shipped)):
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(widget, 1)
            split.addWidget(box)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.realign_button = None
        if realign_label:
            self.realign_button = self.buttons.addButton(realign_label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.realign = False  # which of the two accepting buttons was pressed
        # The box says which button was clicked before it says "accepted".
        self.buttons.clicked.connect(lambda button: setattr(self, "realign", button is self.realign_button))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def groups(self) -> list[list[str]]:
        return parse_groups(self.editor.toPlainText())

    def accept(self) -> None:
        problem = groups_problem(self.editor.toPlainText())
        if problem:
            self.error.setText(problem)
            return
        super().accept()


def glossary_lines(groups: list[list[str]]) -> str:
    return "".join(GROUP_SEPARATOR.join(g) + "\n" for g in groups)
