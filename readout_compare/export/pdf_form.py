"""The briefing as a PDF, laid out by Qt's own rich-text engine and PDF writer.

No browser and no external tool: the HTML briefing's markup goes into a ``QTextDocument``
(Qt's HTML subset never runs scripts or loads anything), the document is cut into pages,
and each page is painted on a ``QPdfWriter`` with the event title in the header and
"Page n of N" in the footer. Table rows that do not fit move whole lines to the next page,
and the table's heading row is repeated there. The coverage chart is drawn in the place of its
<img> as shapes and text (``chart_object``).

Needs a QGuiApplication for fonts; one is created (offscreen when there is no display) if the
caller has none. Safe to call from a worker thread in the GUI: it uses no widgets, only a
QTextDocument and a QPainter on a PDF device, which Qt allows outside the GUI thread.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.plural import counted
from .briefing import Briefing, text_direction
from .fitting import break_long_runs, ellipsize, fit_cells, fit_headings
from .coverage_image import paint_chart
from .html_form import CHART_IMAGE, H2, TEXT, body_sections
from .pdf_rules import paint_rules, table_rules, without_borders

if TYPE_CHECKING:  # Qt is imported where the PDF is written, not when the module loads
    from PySide6.QtCore import QSizeF

PAPER = ("a4", "letter")
RESOLUTION = 96  # device units per inch: with 96, the markup's pixel sizes mean what they do on screen
MARGIN_MM = 15
BASE_POINT_SIZE = 9
MAX_TITLE = 1000  # characters of the title in the PDF's properties and the running header; the body has it all
MAX_HEADING = 200  # characters of a label in a table's heading row, which must fit on every page it is repeated on
LINES_PER_BLOCK = 60  # a paragraph taller than this is painted in pieces (see split_tall_blocks)
MAX_CELL = 2500  # characters of a table cell; the rest goes to notes at the end (see fitting.fit_cells)


def ensure_gui_application():
    """Qt needs an application object before it can measure fonts; make an offscreen one if absent.

    A QGuiApplication: export draws with QtGui only. Qt allows one application object per
    process, and a QGuiApplication cannot host widgets, so a caller that shows widgets makes
    its QApplication first (the window does as it starts; pytest-qt's ``qapp`` in the tests).
    """
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication(["readout-compare"])
    return app


def write_pdf(briefing: Briefing, path: str | Path, paper: str = "a4", progress=None) -> Path:
    """Write the briefing to ``path`` on A4 or US Letter paper; returns the path.

    ``progress(percent, text)``, if given, hears about the layout and each page painted.
    """
    ensure_gui_application()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    paper = paper.lower()
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
    path = Path(path)
    # The PDF is made in memory and written by Python: a folder that cannot be written gives an
    # OSError with its reason (Qt would print "QPainter::begin(): Returned false" and say nothing).
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4 if paper == "a4" else QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setTitle(ellipsize(briefing.title, MAX_TITLE))
    writer.setCreator("Readout Compare")
    if not paint_briefing(briefing, writer, progress):
        raise OSError(0, "Qt could not start painting the PDF")
    del writer  # finishes the file in the buffer
    buffer.close()
    path.write_bytes(bytes(buffer.data()))
    return path


_AUTO_BLOCK = re.compile(r'<div dir="auto"([^>]*)>(.*?)</div>', re.S)
_CLAIM_ID = re.compile(r'^\s*<span style="[^"]*">[A-Z]+\d+</span>\s*')


def right_to_left_blocks(markup: str) -> str:
    """``dir="rtl"`` on each ``dir="auto"`` block whose text (after its claim id) is Persian, Arabic or Hebrew.

    Qt's rich text takes only "ltr" and "rtl", and a browser's "auto" would look at the claim id
    ("A3") first and lay a Persian claim out left to right, its full stop on the wrong side.
    """

    def direction(m: re.Match) -> str:
        text = unescape(re.sub(r"<[^>]*>", "", _CLAIM_ID.sub("", m.group(2))))
        if text_direction(text) != "rtl":
            return m.group(0)
        return f'<div dir="rtl"{m.group(1)}>{m.group(2)}</div>'

    return _AUTO_BLOCK.sub(direction, markup) if 'dir="auto"' in markup else markup


def split_tall_blocks(document, lines: int = LINES_PER_BLOCK, start: int = 0) -> None:
    """Cut every paragraph of more than ``lines`` lines (from position ``start`` on) into
    paragraphs of ``lines`` lines, where its lines already break, so the page looks the same.

    Painting a page paints every paragraph that touches it whole (clipped): a paragraph running
    over 200 pages (a 1,000,000-character word) would be painted 200 times, and the export would
    take time that grows with the square of its length. A piece cut from a list item is taken
    out of the list (a new paragraph in a list is a new bullet) and indented like the item.
    """
    from PySide6.QtGui import QTextCursor

    document.pageCount()  # lays the document out, so each block knows its lines
    cuts = []
    block = document.findBlock(start)
    while block.isValid():
        layout = block.layout()
        if layout is not None and layout.lineCount() > lines:
            cuts += [block.position() + layout.lineAt(k).textStart() for k in range(lines, layout.lineCount(), lines)]
        block = block.next()
    if not cuts:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position in reversed(cuts):
        cursor.setPosition(position)
        cursor.insertBlock(cursor.blockFormat(), cursor.charFormat())
        listed = cursor.block().textList()
        if listed is not None:
            listed.remove(cursor.block())
            piece = cursor.blockFormat()
            piece.setIndent(listed.format().indent())
            cursor.setBlockFormat(piece)
    cursor.endEditBlock()


def keep_headings_with_next(document, page_height: float, start: int = 0) -> int:
    """Start a heading on the next page when what follows it would not begin on its page.

    Qt's rich text has no "keep with next": a heading ("∅ Only in Iranian presidency") can end a
    page alone. A heading is kept with the first line of the block after it, and with the first
    line of the one after that when the first is a single line (an introduction: "Claims with no
    counterpart in Élysée."). Headings from position ``start`` on are checked in order and the
    layout is redone after each one moved, since moving one moves everything below it. Returns
    the headings moved.
    """
    from PySide6.QtGui import QTextBlockFormat, QTextCursor

    layout = document.documentLayout()

    def first_line_bottom(block) -> float:
        rect = layout.blockBoundingRect(block)
        lines = block.layout()
        if lines is not None and lines.lineCount():
            return rect.top() + lines.lineAt(0).rect().bottom()
        return rect.bottom()

    moved = 0
    block = document.findBlock(start)
    while block.isValid():
        policy = block.blockFormat().pageBreakPolicy()
        if block.blockFormat().headingLevel() and not policy & QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            follow = block.next()
            if follow.isValid() and follow.layout() is not None and follow.layout().lineCount() == 1 and follow.next().isValid():
                follow = follow.next()
            if follow.isValid():
                page = int(layout.blockBoundingRect(block).top() // page_height)
                if int(first_line_bottom(follow) // page_height) != page:
                    moved_format = QTextBlockFormat()
                    moved_format.setPageBreakPolicy(QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).mergeBlockFormat(moved_format)
                    moved += 1
                    document.pageCount()  # lay out again from here on
        block = block.next()
    return moved


_CUT = "<!--rest-->"  # where the opening of the markup ends and the rest begins


def lay_out(document, pieces: list[str], page: QSizeF) -> None:
    """Lay the HTML ``pieces`` out one after the other on pages of size ``page``, each heading
    kept with what follows it, in one pass over the long ones.

    Why not ``setHtml``: Qt then lays the document out lazily, a few thousand characters at a
    time, and each step starts again from the last point it noted before; a table is one item
    of the document, so the claims table of a long pair was laid out twice (cells are laid out
    twice per pass, to measure the columns). HTML inserted into a document already laid out is
    laid out in one go as it goes in; the document is the same (the pages are identical).
    Moving a heading to the next page lays out again all that follows it, so the opening
    (summary, chart, accounts, where headings move) is settled before the long rest goes in.
    """
    from PySide6.QtGui import QTextCursor

    document.setPageSize(page)
    document.pageCount()  # the empty document laid out: what goes in now is laid out at once
    cursor = QTextCursor(document)
    start = 0
    for piece in pieces:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(piece)
        split_tall_blocks(document, start=start)
        keep_headings_with_next(document, page.height(), start=start)
        # The last heading so far is checked again with what the next piece puts after it.
        start = _last_heading(document)


def _last_heading(document) -> int:
    block = document.lastBlock()
    while block.isValid() and not block.blockFormat().headingLevel():
        block = block.previous()
    return block.position() if block.isValid() else 0


def chart_object(chart):
    """What Qt draws for the chart's <img> (``CHART_IMAGE``): the chart's shapes and text, painted
    straight onto the page, at the size the markup gives it (its layout size).

    Painting the chart as a picture cost more than the rest of the sample's PDF: Qt stores a
    picture in a PDF as a JPEG, encoded anew in every PDF (20 ms and 220 KB for the sample). Drawn
    as shapes and text it is as sharp at any zoom, and its labels are text a reader can search.
    An <img> with another name (the briefing has none) takes no room and shows nothing.
    """
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPainter, QPyTextObject

    class Chart(QPyTextObject):  # PySide's stand-in for a QObject with QTextObjectInterface
        def intrinsicSize(self, document, position, format):
            image = format.toImageFormat()
            if chart is None or image.name() != CHART_IMAGE:
                return QSizeF(0, 0)
            return QSizeF(round(image.width()), round(image.height()))

        def drawObject(self, painter, rect, document, position, format):
            if chart is None or format.toImageFormat().name() != CHART_IMAGE or rect.isEmpty():
                return
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.translate(rect.topLeft())
            painter.scale(rect.width() / chart.width, rect.height() / chart.height)
            paint_chart(painter, chart)
            painter.restore()

    return Chart()


def paint_briefing(briefing: Briefing, device, progress=None) -> bool:
    """Paint the briefing, page by page, on a paged device: a QPdfWriter, or a QPrinter (print preview).

    The device's page size and margins are used as they are. Returns False if painting could not
    start (file not writable, printer gone).
    """
    report = progress or (lambda _p, _s: None)
    ensure_gui_application()
    from PySide6.QtCore import QRectF, QSizeF, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextDocument, QTextFormat, QTextOption

    # Lay out in 96-dpi units (the markup's pixel sizes mean what they do on screen) and scale to
    # the device: a printer may work at 600 or 1200 dpi.
    dpi = device.logicalDpiY()
    scale = dpi / RESOLUTION
    page = device.pageLayout().paintRectPixels(dpi)
    width, height = page.width() / scale, page.height() / scale
    small = QFont("DejaVu Sans")
    # In pixels of the 96-dpi layout, so the painter's scale applies (a point size would be
    # converted at the device's own resolution, then scaled again).
    small.setPixelSize(10)
    header_h = footer_h = 22.0
    body_h = height - header_h - footer_h

    document = QTextDocument()
    if scale == 1:
        document.documentLayout().setPaintDevice(device)  # measure fonts as the PDF will draw them
    font = QFont("DejaVu Sans")
    font.setPointSizeF(BASE_POINT_SIZE)
    document.setDefaultFont(font)
    option = QTextOption()
    # A 500-letter "word" must wrap instead of running off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDocumentMargin(0)
    # Before Qt lays it out (see fitting.py): labels in table headings fitted (a heading row is
    # repeated on each page and must be shorter than one), table cells cut after MAX_CELL
    # characters with the rest in notes at the end (Qt paints rows that run over many pages very
    # slowly), and a break opportunity in every long run without a space.
    opening, rest = body_sections(briefing, shade_cells=False, chart="image")
    markup = f"<html><body>{opening}\n{_CUT}{rest}</body></html>"
    markup = fit_cells(fit_headings(markup, MAX_HEADING), MAX_CELL, heading_style=H2, text_style=TEXT)
    opening, rest = break_long_runs(right_to_left_blocks(markup)).split(_CUT)
    # The long rest's tables laid out without borders, their rules drawn page by page (pdf_rules);
    # the opening's accounts table keeps Qt's: it is short, and its narrow columns ("Matched") have
    # no pixel to spare for the spacing between cells.
    rest = without_borders(rest)
    # The <img> of the chart keeps its place in the layout; the chart is drawn there as shapes and text.
    chart = chart_object(briefing.chart)
    document.documentLayout().registerHandler(QTextFormat.ObjectTypes.ImageObject, chart)
    lay_out(document, [opening + "</body></html>", "<html><body>" + rest], QSizeF(width, body_h))
    pages = max(1, document.pageCount())
    rules = table_rules(document, body_h)
    report(50, f"Laid out {counted(pages, 'page')}")

    painter = QPainter()
    if not painter.begin(device):
        return False
    try:
        painter.scale(scale, scale)
        rule = QPen(QColor("#888888"))
        rule.setWidthF(0.5)
        for n in range(pages):
            if n:
                device.newPage()
                report(50 + 50 * n // pages, f"Page {n + 1} of {pages}")
            painter.setFont(small)
            painter.setPen(QColor("#333333"))
            title = painter.fontMetrics().elidedText(ellipsize(briefing.title, MAX_TITLE), Qt.TextElideMode.ElideRight, int(width * 0.75))
            painter.drawText(QRectF(0, 0, width, header_h - 6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, title)
            painter.drawText(QRectF(0, 0, width, header_h - 6), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, briefing.event_date)
            painter.drawText(QRectF(0, height - footer_h + 6, width, footer_h - 6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"Readout Compare briefing, prepared {briefing.prepared}")
            painter.drawText(QRectF(0, height - footer_h + 6, width, footer_h - 6), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                             f"Page {n + 1} of {pages}")
            painter.setPen(rule)
            painter.drawLine(QRectF(0, header_h - 3, width, 0).topLeft(), QRectF(0, header_h - 3, width, 0).topRight())
            painter.drawLine(QRectF(0, height - footer_h + 3, width, 0).topLeft(), QRectF(0, height - footer_h + 3, width, 0).topRight())
            # The document is one tall strip; show the slice that belongs to this page.
            painter.save()
            painter.translate(0, header_h - n * body_h)
            page_slice = QRectF(0, n * body_h, width, body_h)
            # drawContents picks the blocks that touch the slice but paints them whole: clip, or
            # the first lines of the next page would also be painted (invisibly) below this one.
            painter.setClipRect(page_slice)
            document.drawContents(painter, page_slice)
            paint_rules(painter, rules, n * body_h, body_h)
            painter.restore()
    finally:
        painter.end()
    return True
