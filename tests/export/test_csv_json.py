"""CSV (one row per alignment group) and JSON (the align contract plus judgements)."""

import csv
import json

from readout_compare.core.reading import Reading
from readout_compare.export.briefing import build_briefing, group_id
from readout_compare.export.csv_form import ENCODING, write_csv
from readout_compare.export.json_form import from_dict
from readout_compare.export.writers import write_briefing


def read_csv(path):
    with open(path, encoding=ENCODING, newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_row_per_group_and_a_column_per_account(arland_belmark, tmp_path):
    judgements = {group_id(arland_belmark.groups[0]): {"tags": ["who invited"], "note": "both claim the other asked"}}
    briefing = build_briefing(arland_belmark, judgements=judgements)
    rows = read_csv(write_csv(briefing, tmp_path / "b.csv"))
    assert len(rows) == len(arland_belmark.groups)
    assert list(rows[0]) == ["group", "relation", "score", "difference kinds",
                             "Arland Foreign Ministry", "Belmark Foreign Ministry", "tags", "note", "related links"]
    reading = Reading(arland_belmark)
    for g, (row, group) in enumerate(zip(rows, arland_belmark.groups)):
        assert row["group"] == group_id(group)
        assert row["relation"] == reading.group_states[g].value
        assert abs(float(row["score"]) - group.score) < 1e-4
        for claim_id in group.claims:
            claim = arland_belmark.claim(claim_id)
            column = ("Arland Foreign Ministry", "Belmark Foreign Ministry")[claim.account]
            assert f"{claim.id}: {claim.text}" in row[column]
    assert rows[0]["tags"] == "who invited" and rows[0]["note"] == "both claim the other asked"
    assert any(r["relation"] == "conflict" and "numbers" in r["difference kinds"] for r in rows)


def test_csv_round_trips_hostile_text_and_defuses_formulas(hostile, tmp_path):
    first = group_id(hostile.groups[0])
    briefing = build_briefing(hostile, judgements={first: {"tags": ["@risk"], "note": '=HYPERLINK("http://x","y")\nsecond line'}})
    rows = read_csv(write_csv(briefing, tmp_path / "h.csv"))
    label = '<b>Ministry</b> "of" Truth & Co'
    everything = "\n".join(v for r in rows for v in r.values())
    assert "<script>alert('owned')</script>" in everything
    assert '</table></td> and "regional" security' in everything
    assert any(label in column for column in rows[0])
    # A spreadsheet must not run the analyst's note or tags as a formula; the text survives.
    assert rows[0]["note"] == "'=HYPERLINK(\"http://x\",\"y\")\nsecond line"
    assert rows[0]["tags"] == "'@risk"
    # Account cells start with the claim id, never with text a spreadsheet would evaluate.
    for row in rows:
        for column in list(row)[4:-3]:
            assert not row[column] or row[column][0].isalpha()


def test_csv_keeps_two_accounts_with_the_same_label_apart(account_files, tmp_path):
    from readout_compare.core.compare import compare
    from readout_compare.core.ingest import read_account

    from .accounts import ARLAND, BELMARK

    files = account_files((ARLAND, {"label": "Ministry"}), (BELMARK, {"label": "Ministry"}))
    rows = read_csv(write_csv(build_briefing(compare([read_account(f) for f in files])), tmp_path / "same.csv"))
    assert list(rows[0])[4:6] == ["Ministry", "Ministry (2)"]


def check_align_contract(data):
    """The ``align`` contract other tools read (see readout_compare/export/json_form.py)."""
    assert isinstance(data["accounts"], list) and isinstance(data["links"], list)
    ids = set()
    for account in data["accounts"]:
        assert isinstance(account["label"], str)
        for claim in account["claims"]:
            assert isinstance(claim["id"], str) and isinstance(claim["text"], str)
            assert isinstance(claim["start"], int) and isinstance(claim["end"], int) and claim["start"] <= claim["end"]
            ids.add(claim["id"])
    for link in data["links"]:
        assert link["relation"] in ("match", "conflict", "related")
        assert isinstance(link["score"], float) and 0.0 <= link["score"] <= 1.0
        assert len(link["claims"]) >= 2 and set(link["claims"]) <= ids


def test_json_is_the_align_contract_plus_judgements(arland_belmark, tmp_path):
    conflict_group = next(g for g in arland_belmark.groups if g.relation and g.relation.value == "conflict")
    judgements = {group_id(conflict_group): {"tags": ["disputed"], "note": "check with the desk"}, "B7": ["follow-up"]}
    path = write_briefing(arland_belmark, "json", tmp_path / "b.json", title="Arland–Belmark talks", judgements=judgements)
    data = json.loads(path.read_text(encoding="utf-8"))
    check_align_contract(data)
    assert data["judgements"] == {
        group_id(conflict_group): {"tags": ["disputed"], "note": "check with the desk"},
        "B7": {"tags": ["follow-up"], "note": ""},
    }
    assert data["event"]["title"] == "Arland–Belmark talks"
    assert group_id(conflict_group) in [g["id"] for g in data["groups"]]
    again = from_dict(data)
    assert [ln.claims for ln in again.conflicts()] == [ln.claims for ln in arland_belmark.conflicts()]


def test_json_keeps_hostile_text_exactly(hostile, tmp_path):
    data = json.loads(write_briefing(hostile, "json", tmp_path / "h.json").read_text(encoding="utf-8"))
    check_align_contract(data)
    assert data["accounts"][0]["text"] == hostile.accounts[0].text
