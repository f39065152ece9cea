"""The accounts side by side: panes, link maps between neighbours, synchronised scrolling and
group selection.

Synchronised scrolling maps the position at the pane's sync point (which slides from the top
of the view, through its middle, to the bottom as the analyst scrolls from the start to the end,
as in Meld's ``calc_syncpoint``) to the same place in each other account: into the counterpart
claim when there is one, between the nearest aligned claims otherwise. A re-entrancy guard
makes the other panes follow without ever pushing the pane being scrolled back.
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QWidget

from ...core.reading import Reading
from .claim_view import ClaimView
from .link_map import LinkMap
from .pane import AccountPane


def sync_fraction(value: float, page: float, maximum: float) -> float:
    """Where in the view (0 top, 1 bottom) the synchronised position sits for this scroll value."""
    if maximum <= 0 or page <= 0:
        return 0.0
    half = page / 2
    if maximum <= page:
        return min(1.0, max(0.0, value / maximum))
    if value < half:
        return 0.5 * value / half
    if value > maximum - half:
        return 0.5 + 0.5 * (value - (maximum - half)) / half
    return 0.5


class ComparisonView(QScrollArea):
    groupSelected = Signal(int)
    claimClicked = Signal(str)  # a claim clicked, or reached with the keys, in a pane (after its group is selected)
    claimMenuRequested = Signal(str, QPoint)  # right-click on a claim's box: the claim, where (global)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.reading: Reading | None = None
        self.panes: list[AccountPane] = []
        self.link_maps: list[LinkMap] = []
        self.sync_enabled = True
        self.selected_group: int | None = None
        self._syncing = False
        self._anchors: dict[tuple[int, int], list[str | None]] = {}
        self._inner = QWidget()
        self._row = QHBoxLayout(self._inner)
        self._row.setContentsMargins(4, 4, 4, 4)
        self._row.setSpacing(0)
        self.setWidget(self._inner)
        self._font = None

    # -- building -----------------------------------------------------------------------------------
    def show_comparison(self, reading: Reading) -> None:
        self.reading = reading
        self._anchors = {}
        self.selected_group = None
        n = len(reading.comparison.accounts)
        if len(self.panes) != n:
            self._rebuild(n)
        for k, pane in enumerate(self.panes):
            pane.show_account(reading, k)
            pane.view.setAccessibleName(f"Claims of the {reading.comparison.accounts[k].label} account")
        for k, link_map in enumerate(self.link_maps):
            link_map.set_pairs(reading, k, k + 1)

    def _rebuild(self, n: int) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.panes, self.link_maps = [], []
        for k in range(n):
            pane = AccountPane()
            if self._font is not None:
                pane.view.setFont(self._font)
            if k:
                link_map = LinkMap(self.panes[-1].view, pane.view)
                link_map.groupClicked.connect(lambda g: self.select_group(g))
                self.link_maps.append(link_map)
                self._row.addWidget(link_map)
            self._row.addWidget(pane, 1)
            self.panes.append(pane)
            pane.view.setAccessibleName(f"Claims of account {k + 1}")
            pane.view.claimClicked.connect(self._claim_clicked)
            pane.view.claimClicked.connect(self.claimClicked)
            pane.overview.claimClicked.connect(self._claim_clicked)
            pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.view.customContextMenuRequested.connect(lambda pos, v=pane.view: self._claim_menu_at(v, pos))
            pane.view.verticalScrollBar().valueChanged.connect(lambda _v, k=k: self._pane_scrolled(k))
        self._inner.setMinimumWidth(n * 340 + (n - 1) * 64 + 8)

    def views(self) -> list[ClaimView]:
        return [pane.view for pane in self.panes]

    def set_view_font(self, font) -> None:
        self._font = font
        for view in self.views():
            view.setFont(font)

    # -- synchronised scrolling ---------------------------------------------------------------------
    @contextmanager
    def scroll_lock(self):
        """Scroll panes programmatically without the others reacting to it."""
        was, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = was

    def set_sync(self, enabled: bool) -> None:
        self.sync_enabled = enabled
        if enabled and self.panes:
            self._pane_scrolled(0)

    def _pane_scrolled(self, k: int) -> None:
        if self._syncing or not self.sync_enabled or self.reading is None:
            return
        with self.scroll_lock():
            source = self.panes[k].view
            bar = source.verticalScrollBar()
            page = source.viewport().height()
            fraction = sync_fraction(bar.value(), page, bar.maximum())
            y = bar.value() + fraction * page
            for t, pane in enumerate(self.panes):
                if t != k:
                    target = pane.view
                    mapped = self.map_position(k, t, y)
                    target.verticalScrollBar().setValue(round(mapped - fraction * target.viewport().height()))

    def _anchor_list(self, s: int, t: int) -> list[str | None]:
        """For each claim of account s, the counterpart in account t to keep it level with (or None).

        A claim may have several counterparts; the one nearest to where the previous aligned claim
        led is chosen, so scrolling follows the reading order instead of jumping back and forth."""
        key = (s, t)
        if key not in self._anchors:
            comparison = self.reading.comparison
            out: list[str | None] = []
            expected = 0
            for claim in comparison.claims[s]:
                parts = comparison.counterparts(claim.id, t)
                if parts:
                    chosen = min(parts, key=lambda c: (abs(c.index - expected), c.index))
                    out.append(chosen.id)
                    expected = chosen.index + 1
                else:
                    out.append(None)
            self._anchors[key] = out
        return self._anchors[key]

    def map_position(self, s: int, t: int, y: float) -> float:
        """The content position in account t that corresponds to content position y in account s."""
        source, target = self.panes[s].view, self.panes[t].view
        claim_id = source.claim_at(y)
        if claim_id is None:
            return y
        claims = self.reading.comparison.claims[s]
        anchors = self._anchor_list(s, t)
        i = self.reading.comparison.claim(claim_id).index
        rect = source.claim_rect(claim_id)
        if anchors[i] is not None:
            fraction = min(1.0, max(0.0, (y - rect.top()) / max(1, rect.height())))
            other = target.claim_rect(anchors[i])
            return other.top() + fraction * other.height()
        # Not aligned: interpolate between the nearest aligned claims above and below.
        before = next((j for j in range(i - 1, -1, -1) if anchors[j] is not None), None)
        after = next((j for j in range(i + 1, len(anchors)) if anchors[j] is not None), None)
        if before is None and after is None:
            return y / max(1, source.content_height()) * target.content_height()
        if before is not None:
            s0 = source.claim_rect(claims[before].id).bottom()
            t0 = target.claim_rect(anchors[before]).bottom()
        else:
            s0, t0 = 0, 0
        if after is not None:
            s1 = source.claim_rect(claims[after].id).top()
            t1 = target.claim_rect(anchors[after]).top()
        else:
            s1, t1 = source.content_height(), target.content_height()
        if t1 < t0:  # the accounts order these topics differently: hold level with the claim above
            return t0 + (y - s0)
        return t0 + (y - s0) / max(1, s1 - s0) * (t1 - t0)

    # -- selection ----------------------------------------------------------------------------------
    def _claim_menu_at(self, view: ClaimView, pos: QPoint) -> None:
        y = pos.y() + view.verticalScrollBar().value()
        claim = view.claim_at(y)
        if claim is None or not view.claim_rect(claim).contains(pos.x(), int(y)):
            return
        self.claimMenuRequested.emit(claim, view.viewport().mapToGlobal(pos))

    def _claim_clicked(self, claim_id: str) -> None:
        self.select_group(self.reading.group_of(claim_id), origin=claim_id)

    def select_group(self, group: int | None, origin: str | None = None) -> None:
        """Select a group in every pane and bring its claims into view, level with each other."""
        if self.reading is None:
            return
        self.selected_group = group
        comparison = self.reading.comparison
        claims = self.reading.groups[group].claims if group is not None else ()
        for view in self.views():
            view.set_selection(claims)
        for link_map in self.link_maps:
            link_map.set_selected_group(group)
        if group is None:
            return
        origin = origin or claims[0]
        home = comparison.claim(origin).account
        home_view = self.panes[home].view
        with self.scroll_lock():
            rect = home_view.visible_rect(origin)
            if rect.top() < 0 or rect.bottom() > home_view.viewport().height():  # not wholly in view
                home_view.scroll_to_claim(origin)
            level = max(0, home_view.visible_rect(origin).top())
            for k, view in enumerate(self.views()):
                if k == home:
                    continue
                mine = [c for c in claims if comparison.claim(c).account == k]
                if mine:
                    view.scroll_to_claim(mine[0], level)
                else:  # an omission here: show where the claim would have been
                    y = self.map_position(home, k, home_view.claim_rect(origin).top())
                    view.verticalScrollBar().setValue(round(y - level))
        self.groupSelected.emit(group)
