"""Every bundled sample exported in every format: each omission and conflict reaches the reader."""

import csv
import json

import docx
import lxml.html
import pytest

from readout_compare.core.compare import compare
from readout_compare.core.ingest import read_account
from readout_compare.evaluation import bundled_samples
from readout_compare.export.briefing import build_briefing
from readout_compare.export.writers import write_briefing

from .accounts import flat, squeezed
from .test_csv_json import check_align_contract
from .test_pdf import pdf_pages

SAMPLES = bundled_samples()


@pytest.fixture(params=SAMPLES, ids=[p.name for p in SAMPLES])
def sample(request):
    folder = request.param
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    comparison = compare([read_account(folder / name) for name in gold["accounts"]])
    return gold["title"], comparison


def expected(comparison):
    omitted = [c for k in range(len(comparison.accounts)) for c in comparison.omissions(k)]
    conflicting = [comparison.claim(cid) for link in comparison.conflicts() for cid in link.claims]
    return omitted, conflicting


def test_samples_are_bundled():
    assert "rouhani-macron-2018-01" in [p.name for p in SAMPLES]


def test_sample_html_and_pdf_contain_every_omission_and_conflict(sample, tmp_path):
    title, comparison = sample
    omitted, conflicting = expected(comparison)
    html = write_briefing(comparison, "html", tmp_path / "b.html", title=title)
    tree = lxml.html.document_fromstring(html.read_text(encoding="utf-8"))
    text = flat(tree.text_content())
    assert tree.findtext(".//title") == title
    for claim in omitted + conflicting:
        assert flat(claim.text) in text, claim.id
    pdf = squeezed(" ".join(pdf_pages(write_briefing(comparison, "pdf", tmp_path / "b.pdf", title=title))))
    for claim in omitted + conflicting:
        assert squeezed(claim.text) in pdf, claim.id


def test_sample_docx_csv_json(sample, tmp_path):
    title, comparison = sample
    briefing = build_briefing(comparison, title=title)
    document = docx.Document(str(write_briefing(comparison, "docx", tmp_path / "b.docx", title=title)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Relation")
    assert len(table.rows) == 1 + len(briefing.aligned)
    with open(write_briefing(comparison, "csv", tmp_path / "b.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + len(comparison.groups)
    assert rows[0][4:4 + len(comparison.accounts)] == [a.label for a in comparison.accounts]
    check_align_contract(json.loads(write_briefing(comparison, "json", tmp_path / "b.json").read_text(encoding="utf-8")))
