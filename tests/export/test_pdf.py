"""The PDF briefing, laid out by Qt: opens, has pages of the right size, says what the HTML says."""

import unicodedata

import pypdf
import pytest

from readout_compare.core.compare import compare
from readout_compare.core.model import Account
from readout_compare.export.briefing import build_briefing
from readout_compare.export.pdf_form import write_pdf

from .accounts import ARABIC, HOSTILE, LONG_WORD, PERSIAN, flat, squeezed

POINTS = {"a4": (595, 842), "letter": (612, 792)}


def pdf_pages(path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    # NFKC undoes the ligatures ("ﬁ") and the Arabic-script presentation forms of the glyphs.
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_opens_on_the_paper_asked_for(rouhani_macron, tmp_path, paper):
    path = write_pdf(build_briefing(rouhani_macron, title="Rouhani–Macron call"), tmp_path / "b.pdf", paper=paper)
    reader = pypdf.PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS[paper]
    assert reader.metadata.title == "Rouhani–Macron call"


def test_pdf_text_contains_the_omissions_and_page_furniture(rouhani_macron, tmp_path):
    briefing = build_briefing(rouhani_macron, title="Rouhani–Macron phone call, January 2018")
    pages = pdf_pages(write_pdf(briefing, tmp_path / "b.pdf"))
    text = flat(" ".join(pages))
    # Highlighted words are separate runs in the PDF, so extraction may add spaces: compare without them.
    for k in range(2):
        for claim in rouhani_macron.omissions(k):
            assert squeezed(claim.text) in squeezed(text)
    assert "Only in Élysée" in text and "Only in Iranian presidency" in text
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in flat(page)
        assert "Rouhani–Macron phone call, January 2018" in flat(page)


def test_pdf_conflicts_with_reasons(arland_belmark, tmp_path):
    briefing = build_briefing(arland_belmark)
    text = flat(" ".join(pdf_pages(write_pdf(briefing, tmp_path / "b.pdf"))))
    assert "≠ Conflicts" in text
    reasons = [r for c in briefing.conflicts for r in c.reasons]
    assert reasons and all(squeezed(r) in squeezed(text) for r in reasons)
    for link in arland_belmark.conflicts():
        for cid in link.claims:
            assert squeezed(arland_belmark.claim(cid).text) in squeezed(text)


def test_long_table_breaks_across_pages_without_losing_or_repeating_a_claim(tmp_path):
    # Forty paragraphs each account, every one with a counterpart: the side-by-side table runs for pages.
    fish = ("cod herring mackerel sprat plaice sole hake turbot brill dab pollock haddock whiting ling tusk "
            "monkfish halibut skate ray eel salmon trout char pike perch zander bream carp tench roach "
            "rudd chub dace barbel grayling smelt shad sturgeon anchovy sardine").split()
    left = "\n\n".join(f"The ministers reviewed the {f} quota in detail with the fleet owners." for f in fish)
    right = "\n\n".join(f"The two ministers discussed the {f} quota with the fleet owners." for f in fish)
    comparison = compare([Account("Arland", left), Account("Belmark", right)])
    briefing = build_briefing(comparison, title="Fisheries talks")
    assert len(briefing.aligned) >= 30 and not briefing.conflicts
    pages = pdf_pages(write_pdf(briefing, tmp_path / "long.pdf"))
    assert len(pages) >= 3
    everything = squeezed(" ".join(pages))
    summary = squeezed(" ".join(s for part in briefing.summary for s in part.sentences))
    for claim in comparison.all_claims():
        # Once in the table; the first claims also appear in the accounts table ("leads with"), and
        # the written summary quotes the lead claim (whole, when it is short).
        expected = 2 if claim.index < len(briefing.accounts[0].leads_with) else 1
        expected += summary.count(squeezed(claim.text))
        if claim.index < len(briefing.accounts[0].leads_with):
            # The accounts table's row may now break across a page (the summary and the chart come
            # first), the running head between its lines: its copy is not counted then.
            assert 1 <= everything.count(squeezed(claim.text)) <= expected, claim.id
        else:
            assert everything.count(squeezed(claim.text)) == expected, claim.id
    # The table's heading row is repeated on the pages it continues on.
    assert sum("Relation Arland Belmark" in flat(p) for p in pages) >= 2


def test_hostile_account_is_readable_in_pdf(hostile, tmp_path):
    pages = pdf_pages(write_pdf(build_briefing(hostile), tmp_path / "h.pdf"))
    text = flat(" ".join(pages))
    assert squeezed("<script>alert('owned')</script>") in squeezed(text)
    assert squeezed('<a href="javascript:alert(1)" onclick="steal()">the full text</a>') in squeezed(text)
    # wrapped over lines (and maybe over a page break, the running head between): every letter printed
    assert squeezed(text).count("Ab") >= LONG_WORD.count("Ab")
    # Persian and Arabic: PDF keeps glyphs in visual order, right to left; every word is there.
    for sentence in (PERSIAN, ARABIC):
        for word in sentence.split():
            assert word[::-1] in text or word in text, word
    assert HOSTILE  # the fixture's text, for the reader of this test


def test_the_same_pages_paint_on_a_high_resolution_printer(rouhani_macron, tmp_path):
    # What File ▸ Print (and its preview) will use: a QPrinter at 1200 dpi, not our 96-dpi PDF writer.
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from readout_compare.export.pdf_form import paint_briefing

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    briefing = build_briefing(rouhani_macron, title="Rouhani–Macron call")
    assert paint_briefing(briefing, printer)
    pages = pdf_pages(tmp_path / "printed.pdf")
    assert f"Page 1 of {len(pages)}" in flat(pages[0]) and "Rouhani–Macron call" in flat(pages[0])
    printed = squeezed(" ".join(pages))
    for claim in rouhani_macron.omissions(0):
        assert squeezed(claim.text) in printed


def test_a_persian_claim_is_set_right_to_left_in_the_pdf(tmp_path):
    """Its claim id, then its text, from the right edge (as in the window, and as Word sets it);
    an English claim from the left."""
    from readout_compare.core.similarity import LexicalMatcher

    persian = "رئیس جمهور روحانی با رئیس جمهور فرانسه تلفنی گفتگو کرد. او از دخالت در امور داخلی ایران انتقاد کرد.\n"
    english = "President Macron spoke by telephone with President Rouhani. They discussed trade.\n"
    comparison = compare([Account("Tehran", persian), Account("Paris", english)], matcher=LexicalMatcher())
    path = write_pdf(build_briefing(comparison), tmp_path / "fa.pdf")
    pages = pypdf.PdfReader(str(path)).pages
    width = float(pages[0].mediabox.width)
    placed = []
    # Every page: the summary opens the briefing, the claims follow it. The last place of each id
    # is its claim's (the summary, which names ids in sentences, comes first).
    for page in pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: placed.append((tm[4] * cm[0] + cm[4], text.strip())) if text.strip() else None)
    ids = dict((text, x) for x, text in placed if text in ("A1", "A2", "B1", "B2"))
    assert ids["A1"] > width / 2 and ids["A2"] > width / 2
    assert ids["B1"] < width / 4 and ids["B2"] < width / 4
