"""One account's column: its label and source, its summary strip, its claims and overview strip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

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


class AccountPane(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("paneTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.source = QLabel()
        self.source.setObjectName("paneSource")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Two lines for every pane, wrapped or not, so the claims of all panes start level.
        self.summary.setFixedHeight(2 * self.summary.fontMetrics().lineSpacing() + 2)
        self.summary.setObjectName("paneSummary")
        self.summary.setToolTip(
            "matched: claims with a counterpart elsewhere · only here: claims no other account makes · "
            "left out: claims of the other accounts this one does not make"
        )
        self.view = ClaimView()
        self.overview = OverviewStrip(self.view)
        self.setMinimumWidth(340)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(2)
        body.addWidget(self.view, 1)
        body.addWidget(self.overview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.source)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)

    def show_account(self, reading: Reading, account: int) -> None:
        acc = reading.comparison.accounts[account]
        self.title.setText(acc.label)
        self.source.setText(" · ".join(p for p in (acc.source, acc.date, acc.path and acc.path.rsplit("/", 1)[-1]) if p) or "no source given")
        self.summary.setText(summary_text(reading, account))
        self.view.set_claims(reading, account)
