"""Edit ▸ Link claims…: two claims of different accounts and the relation the analyst sets between them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout

from ...core.model import Relation
from .judgements import JudgedReading

RELATIONS = (Relation.MATCH, Relation.CONFLICT, Relation.RELATED)  # what a link made by hand can say


class LinkDialog(QDialog):
    """Edit ▸ Link claims: two claims of different accounts and the relation between them."""

    def __init__(self, reading: JudgedReading, first: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Link two claims")
        comparison = reading.comparison
        self.first, self.second, self.relation = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.first, self.second):
            combo.setMaximumWidth(640)
            for claim in comparison.all_claims():
                label = comparison.accounts[claim.account].label
                combo.addItem(f"{claim.id} ({label}): {claim.text[:90]}", claim.id)
        for relation in RELATIONS:
            self.relation.addItem(relation.value, relation.value)
        if first:
            self.first.setCurrentIndex(max(0, self.first.findData(first)))
            other = next((c for c in comparison.all_claims() if c.account != comparison.claim(first).account), None)
            if other:
                self.second.setCurrentIndex(self.second.findData(other.id))
        form = QFormLayout(self)
        form.addRow("&Claim:", self.first)
        form.addRow("&with:", self.second)
        form.addRow("&as:", self.relation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str, str, str]:
        return self.first.currentData(), self.second.currentData(), self.relation.currentData()
