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
        self.comparison = comparison = reading.comparison
        self.first, self.second, self.relation = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.first, self.second):
            combo.setMaximumWidth(640)
        for claim in comparison.all_claims():
            self.first.addItem(self._label(claim), claim.id)
        for relation in RELATIONS:
            self.relation.addItem(relation.value, relation.value)
        # "with" offers only the claims of the other accounts: a claim is never linked to its own account
        self.first.currentIndexChanged.connect(lambda _i: self._offer_partners())
        if first:
            self.first.setCurrentIndex(max(0, self.first.findData(first)))
        self._offer_partners()
        form = QFormLayout(self)
        form.addRow("&Claim:", self.first)
        form.addRow("&with:", self.second)
        form.addRow("&as:", self.relation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _label(self, claim) -> str:
        return f"{claim.id} ({self.comparison.accounts[claim.account].label}): {claim.text[:90]}"

    def _offer_partners(self) -> None:
        """The claims of every account but the first claim's, the one chosen before kept when it still can be."""
        chosen = self.second.currentData()
        first = self.first.currentData()
        account = self.comparison.claim(first).account if first else None
        self.second.blockSignals(True)
        self.second.clear()
        for claim in self.comparison.all_claims():
            if claim.account != account:
                self.second.addItem(self._label(claim), claim.id)
        self.second.setCurrentIndex(max(0, self.second.findData(chosen)) if chosen else 0)
        self.second.blockSignals(False)

    def choice(self) -> tuple[str, str, str]:
        return self.first.currentData(), self.second.currentData(), self.relation.currentData()
