"""WordprocessingML written as text, for the long parts of the Word briefing.

Why: python-docx builds a document one element at a time through its object layer, about a
tenth of a millisecond per element (a heading, which looks its style up by name, takes
milliseconds); the claims table of two 20,000-word accounts (800 rows, 22,000 runs) took 8 to
25 s. The same XML written as a string takes a fraction of that.

Every text goes through ``xml.sax.saxutils.escape`` (and was stripped of the control characters
XML refuses when the briefing was built), so account text can only ever be text.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from typing import Iterable
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_MM = 1440 / 25.4


def run(text: str, *, bold: bool = False, size: float | None = None, grey: bool = False,
        highlight: bool = False, underline: bool = False) -> str:
    """One run; line breaks in ``text`` become Word line breaks (as python-docx's add_run does)."""
    props = ""
    if bold:
        props += "<w:b/>"
    if grey:
        props += '<w:color w:val="555555"/>'
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/>'
    if highlight:
        props += '<w:highlight w:val="yellow"/>'
    if underline:
        props += '<w:u w:val="single"/>'
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_content(text)}</w:r>"


_BREAK = re.compile(r"([\t\n\r])")
_MARK = {"\t": "<w:tab/>", "\n": "<w:br/>", "\r": "<w:br/>"}


def _content(text: str) -> str:
    """A run's text: a tab becomes a Word tab and a line break a Word break, as python-docx makes them."""
    if not _BREAK.search(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return "".join(_MARK.get(piece) or (f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else "")
                   for piece in _BREAK.split(text))


def heading(text: str, level: int) -> str:
    """A heading in Word's own styles: the title (level 0), Heading 1, Heading 2..."""
    return paragraph([run(text)], style="Title" if level == 0 else f"Heading{level}")


def small(text: str, size: float = 8) -> str:
    return run(text, size=size, grey=True)


def paragraph(runs: Iterable[str], *, rtl: bool = False, style: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:bidi/>" if rtl else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def cell(paragraphs: Iterable[str], width_mm: float, fill: str = "", span: int = 1) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>' if fill else ""
    spans = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    content = "".join(paragraphs) or "<w:p/>"  # a cell must hold a paragraph
    return f'<w:tc><w:tcPr><w:tcW w:w="{round(width_mm * TWIPS_PER_MM)}" w:type="dxa"/>{spans}{shade}</w:tcPr>{content}</w:tc>'


def row(cells: Iterable[str], heading: bool = False) -> str:
    props = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if heading else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def table(rows: Iterable[str], widths_mm: list[float], style: str = "TableGrid", centred: bool = True) -> str:
    grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_MM)}"/>' for w in widths_mm)
    props = (f'<w:tblStyle w:val="{style}"/>' + ('<w:jc w:val="center"/>' if centred else "")
             + '<w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


class Fragments:
    """XML to put in the document where placeholders stand, once python-docx has written it.

    Moving a parsed table into python-docx's tree costs lxml a walk over every element (1.8 s for
    the claims table of a long pair), so the XML goes in as text: ``place`` adds a paragraph
    holding a token no text can contain (a random one per document) and ``save`` writes the
    document, then replaces each placeholder paragraph with its XML in ``word/document.xml``.
    """

    def __init__(self):
        self.key = uuid.uuid4().hex
        self.parts: list[str] = []

    def place(self, document, fragments: Iterable[str]) -> None:
        token = f"RC-{self.key}-{len(self.parts)}"
        document.add_paragraph(token)
        self.parts.append("".join(fragments))

    def save(self, document, path) -> None:
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    data = source.read(item.filename)
                    if item.filename == "word/document.xml":
                        data = self._fill(data.decode("utf-8")).encode("utf-8")
                    # Pictures (the chart's PNG) are compressed already: stored as they are.
                    stored = item.filename.startswith("word/media/")
                    target.writestr(item, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)

    def _fill(self, xml: str) -> str:
        out, at = [], 0
        for n, part in enumerate(self.parts):
            token = xml.index(f"RC-{self.key}-{n}<", at)
            start, end = xml.rindex("<w:p>", at, token), xml.index("</w:p>", token) + len("</w:p>")
            out += [xml[at:start], part]
            at = end
        out.append(xml[at:])
        return "".join(out)
