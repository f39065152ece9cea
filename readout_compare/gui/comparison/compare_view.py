"""The accounts side by side: panes, link maps between neighbours, synchronised scrolling and
group selection.

With three or more accounts one of them is the reference (the analyst's choice, else the
longest): it sits in the middle of the row, so every other pane stands beside it and its bands
join that pane to the reference (with four or more accounts the outer panes link to their inner
neighbour). Links between two accounts that are not side by side are drawn for the selected
group only, across the panes between them (``cross_links``). The panes share the width of the
window; a horizontal scroll bar appears only when the window is too narrow for every pane's
minimum.

Synchronised scrolling maps the position at the pane's sync point (which slides from the top
of the view, through its middle, to the bottom as the analyst scrolls from the start to the end,
as in Meld's ``calc_syncpoint``) to the same place in each other account: into the counterpart
claim when there is one, between the nearest aligned claims otherwise. A re-entrancy guard
makes the other panes follow without ever pushing the pane being scrolled back.

``select_group`` is the one way to select a group: every pane shows its selection and every
pane is scrolled so that its claims of the group are wholly in view (the table, the keys, the
overview strips, the bands and the Go menu all go through it).
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGradient, QImage, QTextLine
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core.reading import Reading
from .claim_view import ClaimView
from .cross_links import CrossLinks
from .link_map import LinkMap
from .pane import AccountPane
from .pane_content import longest_account, pane_order, scroll_anchors

PANE_MIN_WIDTH = 240  # below this a claim's text wraps every few words
MAP_WIDTH = {2: 64}  # the link map between two panes; narrower when three or more share the row
NARROW_MAP_WIDTH = 44


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


def _warm_up() -> None:
    """Use once what painting the panes uses, so PySide makes it before the first comparison."""
    QGradient.Preset, QTextLine.Edge, QLineF.IntersectionType, QImage.Format  # noqa: B018 - made when first used


class ComparisonView(QScrollArea):
    groupSelected = Signal(int)
    claimClicked = Signal(str)  # a claim clicked, or reached with the keys, in a pane (after its group is selected)
    claimMenuRequested = Signal(str, QPoint)  # right-click on a claim's box: the claim, where (global)
    referenceChanged = Signal(int)  # the account the others link to (three or more accounts)
    painted = Signal()  # a pane was painted

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.reading: Reading | None = None
        self.panes: list[AccountPane] = []  # by account: panes[k] shows account k
        self.link_maps: list[LinkMap] = []  # left to right, one between each two neighbouring panes
        self.order: list[int] = []  # the accounts left to right
        self.reference: int | None = None  # the account the others link to (None: fewer than three)
        self._chosen: str | None = None  # the label of the reference the analyst picked, kept across reloads
        self.sync_enabled = True
        self.selected_group: int | None = None
        self._syncing = False
        self._inner = QWidget()
        column = QVBoxLayout(self._inner)
        column.setContentsMargins(4, 0, 4, 4)
        column.setSpacing(2)
        self._build_reference_bar(column)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 4, 0, 0)
        self._row.setSpacing(0)
        column.addLayout(self._row, 1)
        self.setWidget(self._inner)
        self.cross_links = CrossLinks(self, self._inner)
        self._font = None
        self._level_pending = False
        # PySide wraps the first scroll-area viewport of the process slowly (60 ms and more, once),
        # and makes a Qt class's Python enums when one of them is first used (QGradient's, with its
        # 170 presets, cost 6 ms when the first claim box is painted): pay that while the window
        # waits for its first comparison, not when the panes are built and painted
        QTimer.singleShot(0, self, _warm_up)
        QTimer.singleShot(0, self, self.viewport)

    def _build_reference_bar(self, column: QVBoxLayout) -> None:
        self.reference_bar = QWidget()
        bar = QHBoxLayout(self.reference_bar)
        bar.setContentsMargins(0, 2, 0, 0)
        label = QLabel("Reference account:")
        self.reference_box = QComboBox()
        self.reference_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        tip = ("The account the others are compared with: its pane sits in the middle and every pane beside it "
               "links to it. Links between the other accounts show when a claim is selected.")
        self.reference_box.setToolTip(tip)
        label.setToolTip(tip)
        label.setBuddy(self.reference_box)
        self.reference_box.activated.connect(lambda i: self.set_reference(self.reference_box.itemData(i), chosen=True))
        hint = QLabel("select a claim to see its links to every account")
        hint.setObjectName("referenceHint")
        hint.setEnabled(False)  # greyed: a hint, not a control
        bar.addWidget(label)
        bar.addWidget(self.reference_box)
        bar.addSpacing(12)
        bar.addWidget(hint)
        bar.addStretch(1)
        self.reference_bar.hide()
        column.addWidget(self.reference_bar)

    # -- building -----------------------------------------------------------------------------------
    def show_comparison(self, reading: Reading) -> None:
        self.reading = reading
        self.selected_group = None
        accounts = reading.comparison.accounts
        n = len(accounts)
        if len(self.panes) != n:
            self._rebuild(n)
        for k, pane in enumerate(self.panes):
            pane.show_account(reading, k)
            pane.view.setAccessibleName(f"Claims of the {accounts[k].label} account")
        labels = [a.label for a in accounts]
        chosen = labels.index(self._chosen) if self._chosen in labels else None
        longest = longest_account(reading)
        self.reference_box.clear()
        for k in range(n):
            self.reference_box.addItem(labels[k] + (" (longest)" if k == longest else ""), k)
        self.reference_bar.setVisible(n >= 3)
        self._arrange(chosen if chosen is not None else longest)
        self._schedule_level_headers()
        # the claims first: bands and overview marks follow on the next turn
        for widget in (*self.link_maps, *(pane.overview for pane in self.panes)):
            widget.paint_after_the_panes()

    def hold_layout(self, held: bool) -> None:
        """Hold the panes' background layout (while the window finishes showing a comparison:
        its table and title get turns of the event loop of their own), or let it go on."""
        for pane in self.panes:
            pane.view.held = held

    def set_reference(self, account: int, chosen: bool = False) -> None:
        """Make this account the reference: its pane moves to the middle and the others link to it."""
        if self.reading is None or not 0 <= account < len(self.panes):
            return
        if chosen:
            self._chosen = self.reading.comparison.accounts[account].label
        if account != self.reference:
            group = self.selected_group
            self._arrange(account)
            if group is not None:
                self.select_group(group)

    def _rebuild(self, n: int) -> None:
        for widget in (*self.panes, *self.link_maps):
            self._row.removeWidget(widget)
            widget.deleteLater()
        self.panes, self.link_maps, self.order = [], [], []
        for k in range(n):
            pane = AccountPane()
            if self._font is not None:
                pane.view.setFont(self._font)
            pane.setMinimumWidth(PANE_MIN_WIDTH)
            self.panes.append(pane)
            pane.view.setAccessibleName(f"Claims of account {k + 1}")
            pane.view.claimClicked.connect(self._claim_clicked)
            pane.view.claimClicked.connect(self.claimClicked)
            pane.view.painted.connect(self.painted)
            pane.overview.claimClicked.connect(self._claim_clicked)
            pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.view.customContextMenuRequested.connect(lambda pos, v=pane.view: self._claim_menu_at(v, pos))
            pane.view.verticalScrollBar().valueChanged.connect(lambda _v, k=k: self._pane_scrolled(k))
            self.cross_links.watch(pane.view)

    def _arrange(self, reference: int) -> None:
        """Place the panes left to right around the reference, with a link map between each two."""
        n = len(self.panes)
        self.reference = reference if n >= 3 else None
        order = pane_order(n, reference)
        self.reference_box.setCurrentIndex(self.reference_box.findData(reference))
        for k, pane in enumerate(self.panes):
            pane.set_reference(k == self.reference)
        if order != self.order or len(self.link_maps) != max(0, n - 1):
            for link_map in self.link_maps:
                self._row.removeWidget(link_map)
                link_map.deleteLater()
            for pane in self.panes:
                self._row.removeWidget(pane)
            self.link_maps = []
            map_width = MAP_WIDTH.get(n, NARROW_MAP_WIDTH)
            for position, k in enumerate(order):
                if position:
                    link_map = LinkMap(self.panes[order[position - 1]].view, self.panes[k].view)
                    link_map.setFixedWidth(map_width)
                    link_map.groupClicked.connect(lambda g: self.select_group(g))
                    self.link_maps.append(link_map)
                    self._row.addWidget(link_map)
                self._row.addWidget(self.panes[k], 1)
            self.order = order
            self._inner.setMinimumWidth(n * PANE_MIN_WIDTH + (n - 1) * map_width + 8)
        if self.reading is not None:
            for position, link_map in enumerate(self.link_maps):
                link_map.set_pairs(self.reading, order[position], order[position + 1])
                link_map.set_selected_group(self.selected_group)
            self.cross_links.set_reading(self.reading, order)
        self.cross_links.raise_()
        if self.reference is not None:
            self.referenceChanged.emit(self.reference)

    def views(self) -> list[ClaimView]:
        """The claim views by account (views()[k] shows account k, wherever its pane stands)."""
        return [pane.view for pane in self.panes]

    def set_view_font(self, font) -> None:
        self._font = font
        for view in self.views():
            view.setFont(font)

    def drawn_links(self) -> list[tuple[str, str, bool]]:
        """Every pair of claims joined on screen now: (claim, claim, drawn in full), bands and cross-links."""
        out = [(band.left, band.right, not band.stub) for link_map in self.link_maps for band in link_map.bands()]
        out += [(link.left, link.right, True) for link in self.cross_links.links()]
        return out

    # -- the panes' headers ---------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._schedule_level_headers()

    def _schedule_level_headers(self) -> None:
        if not self._level_pending:
            self._level_pending = True
            QTimer.singleShot(0, self, self._level_headers)

    def _level_headers(self) -> None:
        """Give every pane's summary the height the longest one needs at its width, so the claims of
        all panes start level and no summary is cut."""
        self._level_pending = False
        if self.panes:
            lines = max(pane.summary_lines() for pane in self.panes)
            for pane in self.panes:
                pane.set_summary_lines(lines)

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

    def _anchor_list(self, s: int, t: int) -> tuple[str | None, ...]:
        """For each claim of account s, the counterpart in account t to keep it level with (or None)."""
        return scroll_anchors(self.reading, s, t)

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
        """Select a group in every pane and scroll every pane to it: the one "select and reveal" path.

        ``origin`` is the claim the analyst came from (clicked, found, stepped to; default: the
        group's first claim): its pane moves only if the claim is not wholly in view, and each other
        pane puts its claims of the group level with it, wholly in view, or, where that account
        leaves the group out, the place it would have been."""
        if self.reading is None:
            return
        self.selected_group = group
        claims = self.reading.groups[group].claims if group is not None else ()
        for view in self.views():
            view.set_selection(claims)
        for link_map in self.link_maps:
            link_map.set_selected_group(group)
        self.cross_links.set_selected_group(group)
        if group is None:
            return
        self._reveal(claims, origin or claims[0])
        self.groupSelected.emit(group)

    def _reveal(self, claims, origin: str) -> None:
        comparison = self.reading.comparison
        home = comparison.claim(origin).account
        home_view = self.panes[home].view
        with self.scroll_lock():
            mine = [c for c in claims if comparison.claim(c).account == home]
            if not all(home_view.is_wholly_visible(c) for c in mine):
                home_view.reveal(mine[0], home_view.visible_rect(mine[0]).top() if home_view.is_visible(mine[0]) else None, through=mine[-1])
                if not home_view.is_wholly_visible(origin):  # the group's claims here are too far apart for one view
                    home_view.reveal(origin)
            level = max(0, home_view.visible_rect(origin).top())
            for k, view in enumerate(self.views()):
                if k == home:
                    continue
                mine = [c for c in claims if comparison.claim(c).account == k]
                if mine:
                    view.reveal(mine[0], level, through=mine[-1])
                else:  # an omission here: show where the claim would have been
                    y = self.map_position(home, k, home_view.claim_rect(origin).top())
                    view.verticalScrollBar().setValue(round(y - level))
        # a narrow window scrolls sideways: bring the pane the analyst came from into view
        if self.horizontalScrollBar().maximum() > 0:
            self.ensureWidgetVisible(self.panes[home], 0, 0)
