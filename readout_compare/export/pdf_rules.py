"""The PDF's table rules, drawn by the writer instead of by Qt's rich text.

Why: Qt paints a table's borders cell by cell, working out for every edge which of the
neighbouring cells' borders wins (collapsed borders); on the 40,000-word pair that was more
than half of the time spent painting pages. Here the tables are laid out without borders but
with one pixel of spacing between cells (``without_borders``), which is where a collapsed
one-pixel border sits, and after layout the writer fills those gaps, page by page, in the same
grey (``table_rules``, ``paint_rules``). A row broken over a page shows the same as Qt drew it:
its sides run to the foot of the page, and the table's heading row is ruled where Qt repeats
it at the top of the next.

Needs QtGui (the QTextDocument laid out by pdf_form); pure geometry otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .html_form import TABLE_TAG, TD, TH

RULE_COLOUR = "#888888"  # the colour of the borders in the HTML briefing
SPACING = 1  # pixels between cells: the width of a rule
PADDING = 4  # the cells' padding (TD, TH and TABLE_TAG's cellpadding)
MARGIN_TOP = 4  # the tables' top margin (html_form.TABLE): Qt repeats heading rows that far below a page's top

_BORDER = f"border: 1px solid {RULE_COLOUR}; "
# A pixel in from the right-hand side, where Qt drew the outer border: the rule there would otherwise
# fall on the edge of the page's printable area and be cut.
_DRAWN_TABLE_TAG = (TABLE_TAG.replace("border-collapse: collapse", "border-collapse: separate")
                    .replace("margin: 4px 0 8px 0", "margin: 4px 1px 8px 0")
                    .replace('border="1"', 'border="0"').replace('cellspacing="0"', f'cellspacing="{SPACING}"'))


def without_borders(markup: str) -> str:
    """The briefing's markup with its tables laid out borderless, a rule's width between cells.

    Only the tags the briefing writes are replaced (a table's opening tag, the start of a cell's
    style attribute): account text is escaped, so it never contains a quote or a '<' and cannot
    be mistaken for them.
    """
    assert _BORDER in TD and _BORDER in TH and "margin: 4px 1px 8px 0" in _DRAWN_TABLE_TAG
    return (markup.replace(TABLE_TAG, _DRAWN_TABLE_TAG)
            .replace(f'style="{TD}', f'style="{TD.replace(_BORDER, "")}')
            .replace(f'style="{TH}', f'style="{TH.replace(_BORDER, "")}'))


@dataclass(frozen=True)
class TableRules:
    """Where one table's cells are, in document coordinates: each cell's box (x0, y0, x1, y1),
    the part of them that is its heading rows (repeated by Qt on each page the table runs onto)."""

    cells: tuple[tuple[float, float, float, float], ...]  # in reading order, heading rows first
    headings: int  # how many of ``cells`` are in heading rows
    top: float
    bottom: float
    tops: tuple[float, ...]  # each body cell's y0 (sorted with ``cells``), to find a page's cells fast
    reach: float  # the tallest body cell: how far above a page a cell that shows on it can start


def table_rules(document, page_height: float) -> list[TableRules]:
    """Each borderless table of the laid-out ``document`` (``without_borders``) with its cells' boxes
    (tables inside tables are not ruled).

    A row's cells reach down to the next row, except where Qt moved that row whole to a later
    page: then they end at the foot of the page where their text ends, as Qt drew them.
    """
    from PySide6.QtGui import QTextTable

    layout = document.documentLayout()
    tables = []
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable) or frame.rows() == 0 or frame.format().border() > 0:
            continue  # not a table, or one Qt borders itself
        rows, columns = frame.rows(), frame.columns()
        # A cell's content starts PADDING inside its box; its first block has no margin in the
        # briefing's cells, so the lowest left and top of the cells' first blocks give the columns and rows.
        lefts = [float("inf")] * columns
        right = 0.0
        tops = [float("inf")] * rows
        ends = [0.0] * rows  # where each row's text ends
        bottom = 0.0
        cells = []
        for r in range(rows):
            for c in range(columns):
                cell = frame.cellAt(r, c)
                if cell.row() != r or cell.column() != c:
                    continue  # covered by a spanning cell
                # By position, not by cursor: a cursor per cell took twice as long on a long table.
                first = layout.blockBoundingRect(document.findBlock(cell.firstPosition()))
                last = layout.blockBoundingRect(document.findBlock(cell.lastPosition()))
                lefts[c] = min(lefts[c], first.left() - PADDING)
                tops[r] = min(tops[r], first.top() - PADDING)
                right = max(right, first.right() + PADDING)
                bottom = max(bottom, last.bottom() + PADDING)
                ends[r] = max(ends[r], last.bottom() + PADDING)
                cells.append((r, c, cell.rowSpan(), cell.columnSpan()))
        edges = lefts + [right + SPACING]  # each column starts a rule's width after the last ends
        row_edges = tops + [bottom + SPACING]
        row_ends = [row_edges[r + 1] - SPACING for r in range(rows)]
        for r in range(rows - 1):
            page_end = (ends[r] // page_height + 1) * page_height
            if row_edges[r + 1] >= page_end:
                row_ends[r] = page_end
        boxes = [(edges[c], row_edges[r], edges[c + cs] - SPACING, row_ends[r + rs - 1]) for r, c, rs, cs in cells]
        headings = min(frame.format().headerRowCount(), rows - 1) if rows > 1 else 0
        heading_boxes = [b for (r, *_), b in zip(cells, boxes) if r < headings]
        body = sorted((b for (r, *_), b in zip(cells, boxes) if r >= headings), key=lambda b: b[1])
        tables.append(TableRules(tuple(heading_boxes + body), len(heading_boxes), row_edges[0] - SPACING,
                                 bottom + SPACING, tuple(b[1] for b in body), max((b[3] - b[1] for b in body), default=0.0)))
    return tables


def paint_rules(painter, tables: list[TableRules], top: float, height: float) -> None:
    """Rule the cells of ``tables`` that show on the page slice [top, top + height) of the document.

    The painter is in document coordinates (translated as for drawContents) and clipped to the slice.
    On a page a table runs onto, Qt repeats its heading rows at the slice's top, below the table's
    top margin, as they sit below the table's top rule on its first page.
    """
    from PySide6.QtGui import QColor

    colour = QColor(RULE_COLOUR)
    end = top + height
    for table in tables:
        if table.bottom <= top or table.top >= end:
            continue
        body = table.cells[table.headings:]
        floor = top
        if table.headings and table.top < top:
            # Continued from an earlier page: the heading rows repeated at the top, the rows below them.
            shift = top + MARGIN_TOP - table.top
            heading = [(x0, y0 + shift, x1, y1 + shift) for x0, y0, x1, y1 in table.cells[:table.headings]]
            _rule(painter, colour, heading, top, end)
            floor = max(y1 for *_, y1 in heading) + SPACING
        elif table.headings:
            _rule(painter, colour, table.cells[:table.headings], top, end)
        # The cells that start before the slice ends and end after it starts.
        last = bisect_right(table.tops, end)
        first = bisect_left(table.tops, top - table.reach - SPACING)
        shown = [b for b in body[first:last] if b[3] + SPACING > floor]
        _rule(painter, colour, shown, floor, end)


def _rule(painter, colour, boxes, floor: float, end: float) -> None:
    """A rule's width around each box, clipped above at ``floor`` (below a repeated heading)."""
    from PySide6.QtCore import QRectF

    s = SPACING
    for x0, y0, x1, y1 in boxes:
        top = max(y0 - s, floor)
        bottom = min(y1 + s, end)
        if bottom <= top or y1 <= floor:
            continue
        if y0 - s >= floor:
            painter.fillRect(QRectF(x0 - s, y0 - s, x1 - x0 + 2 * s, s), colour)
        if y1 + s <= end:  # a row cut at a page's foot has no rule there (nor atop the next page)
            painter.fillRect(QRectF(x0 - s, y1, x1 - x0 + 2 * s, s), colour)
        painter.fillRect(QRectF(x0 - s, top, s, bottom - top), colour)
        painter.fillRect(QRectF(x1, top, s, bottom - top), colour)
