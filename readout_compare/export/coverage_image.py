"""The coverage chart painted by Qt (QtGui only, no widget): for the PDF, the Word document and the window.

``paint_chart`` draws ``coverage_chart.layout``'s bars and texts with any QPainter (the PDF's
pages are painted with it directly); ``coverage_image`` paints them on a QImage at a print
resolution (the window), ``coverage_png`` gives its PNG bytes (what Word embeds). Text is drawn
as text (``drawText``): account words are never interpreted. Needs a Qt application for fonts
(``pdf_form.ensure_gui_application``).
"""

from __future__ import annotations

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


def coverage_image(coverage: Coverage, width: float = WIDTH, scale: int = SCALE):
    """The chart on a white QImage ``scale`` times its layout size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    chart = layout(coverage, width)
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


def coverage_png(coverage: Coverage, width: float = WIDTH, scale: int = SCALE) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    coverage_image(coverage, width, scale).save(buffer, "PNG")
    return bytes(buffer.data())
