"""File ▸ New comparison: two or more accounts, each from a file or pasted text, each with an
optional label, source and date (which override the file's own header)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .comparison.runner import AccountSource

ACCOUNT_FILES = "Accounts (*.txt *.md *.html *.htm);;All files (*)"


class AccountEntry(QGroupBox):
    def __init__(self, number: int, source: AccountSource | None = None, parent=None):
        super().__init__(f"Account {number}", parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText("a .txt, .md or .html file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("…or paste the account's text here")
        self.text.setFixedHeight(90)
        self.label = QLineEdit()
        self.label.setPlaceholderText("e.g. Élysée (default: from the file)")
        self.source = QLineEdit()
        self.source.setPlaceholderText("e.g. elysee.fr")
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD")
        form = QFormLayout(self)
        form.addRow("&File:", row)
        form.addRow("or &text:", self.text)
        form.addRow("&Label:", self.label)
        form.addRow("&Source:", self.source)
        form.addRow("&Date:", self.date)
        if source:
            self.path.setText(source.path)
            self.text.setPlainText(source.text)
            self.label.setText(source.label)
            self.source.setText(source.source)
            self.date.setText(source.date)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an account file", self.path.text(), ACCOUNT_FILES)
        if path:
            self.path.setText(path)

    def is_empty(self) -> bool:
        return not self.path.text().strip() and not self.text.toPlainText().strip()

    def account_source(self) -> AccountSource:
        path = self.path.text().strip()
        return AccountSource(
            path=path,
            text="" if path else self.text.toPlainText(),
            label=self.label.text().strip(),
            source=self.source.text().strip(),
            date=self.date.text().strip(),
        )


class NewComparisonDialog(QDialog):
    def __init__(self, parent=None, current: list[AccountSource] | None = None):
        super().__init__(parent)
        self.setWindowTitle("New comparison")
        self.resize(640, 620)
        self.entries: list[AccountEntry] = []
        self._box = QWidget()
        self._list = QVBoxLayout(self._box)
        self._list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._box)
        add = QPushButton("&Add another account")
        add.clicked.connect(lambda: self.add_entry())
        several = QPushButton("Choose several &files…")
        several.clicked.connect(self._choose_files)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Compare")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Accounts of the same event, from files or pasted text:"))
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(several)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for source in (current or [])[:8] or [None, None]:
            self.add_entry(source)
        while len(self.entries) < 2:
            self.add_entry()

    def add_entry(self, source: AccountSource | None = None) -> AccountEntry:
        entry = AccountEntry(len(self.entries) + 1, source)
        self._list.insertWidget(self._list.count() - 1, entry)
        self.entries.append(entry)
        return entry

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Choose account files", "", ACCOUNT_FILES)
        self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Put files into the empty accounts first, then into new ones."""
        empty = [e for e in self.entries if e.is_empty()]
        for path in paths:
            entry = empty.pop(0) if empty else self.add_entry()
            entry.path.setText(path)

    def sources(self) -> list[AccountSource]:
        return [e.account_source() for e in self.entries if not e.is_empty()]

    def accept(self) -> None:
        if len(self.sources()) < 2:
            self.error.setText("Give at least two accounts: a file or pasted text for each.")
            return
        super().accept()
