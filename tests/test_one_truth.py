"""Every view says the same thing about every claim: the window's model, the terminal report,
the briefing, the CSV and the JSON all read one ``Reading`` of one comparison."""

from __future__ import annotations

import csv
import json
import re

import pytest

from readout_compare.core.compare import compare
from readout_compare.core.model import Relation
from readout_compare.core.reading import Reading, State
from readout_compare.evaluation import bundled_samples, load_sample
from readout_compare.export import json_form, text_report
from readout_compare.export.briefing import build_briefing
from readout_compare.export.csv_form import write_csv

SAMPLES = bundled_samples()


@pytest.fixture(scope="module", params=[p.name for p in SAMPLES])
def compared(request):
    sample = load_sample(next(p for p in SAMPLES if p.name == request.param))
    comparison = compare(sample.accounts)
    return comparison, Reading(comparison)


def test_samples_include_three_accounts():
    assert any(len(load_sample(p).accounts) >= 3 for p in SAMPLES)


def test_json_states_and_relations_are_the_readings(compared):
    comparison, reading = compared
    data = json.loads(json_form.to_json(comparison))
    letters = "ABCDEFGH"
    for k, account in enumerate(data["accounts"]):
        for claim in account["claims"]:
            assert claim["state"] == reading.state(claim["id"]).value, claim["id"]
            expected = {letters[o]: reading.relation_to(claim["id"], o).value for o in range(len(data["accounts"])) if o != k}
            assert claim["relations"] == expected, claim["id"]
    assert [g["state"] for g in data["groups"]] == [s.value for s in reading.group_states]


def _report_omissions(report: str, labels: list[str]) -> dict[str, set[str]]:
    """Claim ids the terminal report lists under each "Only in" heading, with "(not in X)" kept apart."""
    out: dict[str, set[str]] = {}
    section = None
    for line in report.splitlines():
        head = re.match(r"== Only in (.+?) \(nothing in", line)
        if head:
            section = head.group(1)
            out[section] = set()
            continue
        if line.startswith("=="):
            section = None
        found = re.match(r"  - ([A-Z]+\d+)(?: \(not in (.+?)\))?:", line)
        if section and found:
            out[section].add(found.group(1) + (f"/{found.group(2)}" if found.group(2) else ""))
    return out


def test_report_lists_the_readings_omissions(compared):
    comparison, reading = compared
    labels = [a.label for a in comparison.accounts]
    listed = _report_omissions(text_report.render(comparison), labels)
    for k, label in enumerate(labels):
        whole = {c.id for c in reading.omissions(k)}
        partial = {f"{c.id}/{labels[o]}" for o in range(len(labels)) if o != k for c in reading.omissions(k, o) if c.id not in whole}
        assert listed[label] == whole | partial, label


def test_briefing_and_csv_say_what_the_reading_says(compared, tmp_path):
    comparison, reading = compared
    briefing = build_briefing(comparison)
    for row in briefing.groups:
        for claim in row.claims:
            assert claim.state == reading.state(claim.id).value, claim.id
    assert [row.relation for row in briefing.groups] == [s.value for s in reading.group_states]
    for section in briefing.only_in:
        assert [c.id for c in section.claims] == [c.id for c in reading.omissions(section.account)]
    with open(write_csv(briefing, tmp_path / "b.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["relation"] for r in rows] == [s.value for s in reading.group_states]
    # a claim with only a related link is "related only", never an omission with no topic link
    for row in rows:
        if row["relation"] == State.RELATED.value:
            assert any(ln.relation is Relation.RELATED for c in row["group"].split("+") for ln in comparison.links_of(c))


def test_a_link_reads_the_same_from_either_end(compared):
    comparison, reading = compared
    for link in comparison.links:
        a, b = (comparison.claim(c) for c in link.claims)
        only_link = [ln for ln in comparison.links_of(a.id) if comparison.partner(ln, a.id).account == b.account] == [link]
        back = [ln for ln in comparison.links_of(b.id) if comparison.partner(ln, b.id).account == a.account] == [link]
        if only_link and back:
            assert reading.relation_to(a.id, b.account) == reading.relation_to(b.id, a.account), link.claims
