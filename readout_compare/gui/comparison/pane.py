"""One account's column: its label and source, its summary strip, its claims and overview strip.

The label and the source are cut with "…" when the pane is too narrow for them, and then carry
the whole text as their tooltip; the summary wraps onto as many lines as it needs (the room gives
every pane the same number, so the claims of all panes start level).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from .claim_view import ClaimView
from .overview import OverviewStrip
from ...core.plural import counted
from ...core.reading import Reading


def summary_text(reading: Reading, account: int) -> str:
    """The account's totals in plain words; the numbers that show asymmetry are bold."""
    s = reading.summary(account)
    accounts = reading.comparison.accounts
    elsewhere = "made elsewhere"
    if len(accounts) == 2:
        elsewhere = f"of the {accounts[1 - account].label} account"
    return (
        f"{counted(s.claims, 'claim')} · <b>{s.matched}</b> matched · <b>{s.only_here}</b> only here · "
        f"<b>{s.conflicts}</b> in conflict · leaves out {counted(s.left_out, 'claim', number=f'<b>{s.left_out}</b>')} {elsewhere} · "
        f"{counted(s.words, 'word', number=f'{s.words:,}')}"
    )


class ElidedLabel(QLabel):
    """One line of plain text, cut with "…" when too narrow, the whole text then in its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the pane

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return super().text() != self._full

    def text(self) -> str:  # noqa: D102 - what the label says in full (tests and screen readers)
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class AccountPane(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = ElidedLabel()
        self.title.setObjectName("paneTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.source = ElidedLabel()
        # the reference account's pane says so (three or more accounts: the others link to it)
        self.reference_tag = QLabel("reference")
        self.reference_tag.setObjectName("referenceTag")
        self.reference_tag.setToolTip("The reference account: the panes beside it link to it")
        self.reference_tag.setStyleSheet("QLabel#referenceTag { border: 1px solid palette(mid); border-radius: 3px; padding: 0 4px; }")
        self.reference_tag.hide()
        self.source.setObjectName("paneSource")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Two lines for every pane, wrapped or not, so the claims of all panes start level (more
        # when a narrow pane needs them: see set_summary_lines).
        self.set_summary_lines(2)
        self.summary.setObjectName("paneSummary")
        self.summary.setToolTip(
            "matched: claims with a counterpart elsewhere · only here: claims no other account makes · "
            "left out: claims of the other accounts this one does not make"
        )
        self.view = ClaimView()
        self.overview = OverviewStrip(self.view)
        self.setMinimumWidth(240)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(2)
        body.addWidget(self.view, 1)
        body.addWidget(self.overview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.reference_tag)
        layout.addLayout(heading)
        layout.addWidget(self.source)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)

    def show_account(self, reading: Reading, account: int) -> None:
        acc = reading.comparison.accounts[account]
        self.title.setText(acc.label)
        self.source.setText(" · ".join(p for p in (acc.source, acc.date, acc.path and acc.path.rsplit("/", 1)[-1]) if p) or "no source given")
        self.summary.setText(summary_text(reading, account))
        self.view.set_claims(reading, account)

    def set_reference(self, on: bool) -> None:
        self.reference_tag.setVisible(on)

    def summary_lines(self) -> int:
        """The lines the summary needs at the pane's present width."""
        width = self.summary.width() if self.summary.width() > 0 else self.width()
        return max(1, round(self.summary.heightForWidth(width) / self.summary.fontMetrics().lineSpacing()))

    def set_summary_lines(self, lines: int) -> None:
        self.summary.setFixedHeight(lines * self.summary.fontMetrics().lineSpacing() + 2)
