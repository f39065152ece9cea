"""The coverage chart painted by Qt (QtGui only, no widget): for the PDF, the Word document and the window.

``paint_chart`` draws ``coverage_chart.layout``'s bars and texts with any QPainter (the PDF's
pages are painted with it directly); ``coverage_image`` paints them on a QImage at a print
resolution (the window), ``coverage_png`` gives its PNG bytes (what Word embeds). Text is drawn
as text (``drawText``): account words are never interpreted. Needs a Qt application for fonts
(``pdf_form.ensure_gui_application``).
"""

from __future__ import annotations

import struct
import zlib

from ..core.summary import Coverage
from .coverage_chart import WIDTH, Chart, layout

SCALE = 2  # image pixels per layout pixel: about 200 dpi on a page 170 mm wide (3 doubled the PNG time and the PDF size)


def paint_chart(painter, chart: Chart) -> None:
    from PySide6.QtCore import QLineF, QPointF, QRectF
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

    painter.save()
    pen = QPen(QColor("#bbbbbb"))
    pen.setWidthF(1)
    painter.setPen(pen)
    for x1, y1, x2, y2 in chart.lines:
        painter.drawLine(QLineF(x1, y1, x2, y2))
    painter.setPen(QColor(0, 0, 0, 0))
    for b in chart.bars:
        painter.fillRect(QRectF(b.x, b.y, b.width, b.height), QColor(b.colour))
    fonts: dict[tuple[int, bool], QFont] = {}
    for t in chart.texts:
        key = (t.size, t.bold)
        if key not in fonts:
            font = QFont("DejaVu Sans")
            font.setPixelSize(t.size)
            font.setBold(t.bold)
            fonts[key] = font
        painter.setFont(fonts[key])
        painter.setPen(QColor(t.colour))
        x = t.x
        if t.anchor == "end":
            x -= QFontMetricsF(fonts[key]).horizontalAdvance(t.text)
        painter.drawText(QPointF(x, t.y), t.text)
    painter.restore()


def coverage_image(coverage: Coverage, width: float = WIDTH, scale: int = SCALE, chart: Chart | None = None):
    """The chart on a white QImage ``scale`` times its layout size (``chart``: that layout, when the caller has it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    chart = chart if chart is not None else layout(coverage, width)
    image = QImage(int(chart.width * scale), max(1, int(chart.height * scale)), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        paint_chart(painter, chart)
    finally:
        painter.end()
    return image


def coverage_png(coverage: Coverage, width: float = WIDTH, scale: int = SCALE, chart: Chart | None = None) -> bytes:
    return png_bytes(coverage_image(coverage, width, scale, chart))


def png_bytes(image) -> bytes:
    """A QImage as PNG: 8-bit RGB rows, unfiltered, deflated at zlib's quickest level.

    Why not ``QImage.save``: libpng tries five filters on every row, and the chart of the sample
    took 40 ms (a third of the Word briefing); its flat colours need no filter, and this takes
    a quarter of that for a smaller file. The pixels are the same.
    """
    import numpy
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)  # each pixel 0xffRRGGBB: B, G, R, 255 in memory
    w, h = image.width(), image.height()
    pixels = numpy.frombuffer(image.constBits(), dtype=numpy.uint8, count=image.sizeInBytes())
    pixels = pixels.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4)
    rows = numpy.zeros((h, 1 + 3 * w), dtype=numpy.uint8)  # each row: filter type 0 (none), then R, G, B...
    rows[:, 1:] = pixels[:, :, 2::-1].reshape(h, 3 * w)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)),  # 8 bits, RGB, deflate, no filter, no interlace
        chunk(b"pHYs", struct.pack(">IIB", image.dotsPerMeterX(), image.dotsPerMeterY(), 1)),
        chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
        chunk(b"IEND", b""),
    ))
