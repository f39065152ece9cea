"""The bundled samples' gold is well-formed, and the evaluation scores comparisons the way eval/score.py does."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from readout_compare.core.ingest import read_account
from readout_compare.core.model import Account, Claim, Comparison, Link, Relation
from readout_compare.evaluation import (
    Counts,
    SampleError,
    bundled_samples,
    gold_comparison,
    load_sample,
    run_eval,
    score,
)

SAMPLES = bundled_samples()
IDS = [p.name for p in SAMPLES]
REQUIRED = {"rouhani-macron-2018-01", "le-drian-missile-talks-2018"}


def _gold(folder: Path) -> dict:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def _header(path: Path) -> dict[str, str]:
    """The raw ``---`` header of an account file, read independently of the engine's reader."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{path.name}: no metadata header"
    end = lines.index("---", 1)
    fields = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


# -- the set of samples ----------------------------------------------------------------------------


def test_bundled_samples_are_found_and_cover_the_required_events():
    names = set(IDS)
    assert REQUIRED <= names
    assert len(SAMPLES) >= 6
    assert any(len(_gold(p)["accounts"]) >= 3 for p in SAMPLES), "no event with three accounts"
    relations = {link[2] for p in SAMPLES for link in _gold(p)["links"]}
    assert relations == {"match", "conflict", "related"}


# -- each sample's gold ----------------------------------------------------------------------------


@pytest.mark.parametrize("folder", SAMPLES, ids=IDS)
def test_account_files_have_a_header_with_label_source_and_date(folder):
    for name in _gold(folder)["accounts"]:
        fields = _header(folder / name)
        for key in ("label", "source", "date"):
            assert fields.get(key), f"{name}: header has no {key}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"]), f"{name}: date {fields['date']!r}"
        account = read_account(folder / name)
        assert account.label == fields["label"]
        assert not account.text.startswith("---")


@pytest.mark.parametrize("folder", SAMPLES, ids=IDS)
def test_gold_sentences_cover_each_body_in_order(folder):
    gold = _gold(folder)
    assert gold["title"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["date"])
    letters = "ABCDEFGH"[: len(gold["accounts"])]
    assert sorted(gold["sentences"]) == list(letters)
    sample = load_sample(folder)  # raises SampleError if a sentence is missing or out of order
    for k, account in enumerate(sample.accounts):
        sentences = sample.sentences_of(k)
        assert [s.text for s in sentences] == gold["sentences"][letters[k]]
        assert 5 <= len(sentences) <= 12, f"{account.label}: {len(sentences)} sentences"
        # Nothing but whitespace is left once every gold sentence is cut out: no sentence is forgotten.
        rest, position = [], 0
        for s in sentences:
            assert account.text[s.start : s.end] == s.text
            rest.append(account.text[position : s.start])
            position = s.end
        rest.append(account.text[position:])
        assert "".join(rest).strip() == "", f"{account.label}: text outside the gold sentences: {''.join(rest).strip()[:80]!r}"


@pytest.mark.parametrize("folder", SAMPLES, ids=IDS)
def test_gold_links_are_valid(folder):
    gold = _gold(folder)
    letters = "ABCDEFGH"[: len(gold["accounts"])]
    known = {f"{letter}{n}" for letter in letters for n in range(1, len(gold["sentences"][letter]) + 1)}
    seen = set()
    for a, b, relation in gold["links"]:
        assert a in known and b in known, (a, b)
        assert a[0] != b[0], f"{a}-{b} joins one account to itself"
        assert relation in {"match", "conflict", "related"}
        pair = frozenset((a, b))
        assert pair not in seen, f"{a}-{b} is linked twice"
        seen.add(pair)
    assert any(r in ("match", "conflict") for _, _, r in gold["links"])


def test_load_sample_refuses_malformed_gold(tmp_path):
    _mini_sample(tmp_path)
    gold = _gold(tmp_path)
    broken = [
        {**gold, "sentences": {**gold["sentences"], "A": ["A sentence that is not there."]}},
        {**gold, "sentences": {"A": list(reversed(gold["sentences"]["A"])), "B": gold["sentences"]["B"]}},
        {**gold, "links": [["A1", "B9", "match"]]},
        {**gold, "links": [["A1", "A2", "match"]]},
        {**gold, "links": [["A1", "B1", "same"]]},
        {**gold, "sentences": {"A": gold["sentences"]["A"]}},
    ]
    for bad in broken:
        (tmp_path / "gold.json").write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(SampleError):
            load_sample(tmp_path)


# -- the scorer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", SAMPLES, ids=IDS)
def test_the_gold_itself_scores_one(folder):
    sample = load_sample(folder)
    result = score(gold_comparison(sample), sample)
    for counts in (result.counterpart, result.omission, result.topic, result.conflict):
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    assert result.misses == () and result.false == ()


A_TEXT = "The ministers met in Lisk on Monday. They agreed to reopen the border. Trade was discussed."
B_TEXT = "The ministers held talks in Lisk. No agreement was reached on the border. They also spoke about fishing."


def _mini_sample(folder: Path):
    """Two short accounts: A1-B1 match, A2-B2 conflict, A3-B3 related (so A3 and B3 are omissions)."""
    for name, label, text in (("a.txt", "Arland", A_TEXT), ("b.txt", "Belmark", B_TEXT)):
        (folder / name).write_text(f"---\nlabel: {label}\nsource: test\ndate: 2024-01-01\n---\n{text}\n", encoding="utf-8")
    split = lambda text: re.findall(r"[^.]+\.", text)  # noqa: E731
    gold = {
        "title": "Mini",
        "date": "2024-01-01",
        "accounts": ["a.txt", "b.txt"],
        "sentences": {"A": [s.strip() for s in split(A_TEXT)], "B": [s.strip() for s in split(B_TEXT)]},
        "links": [["A1", "B1", "match"], ["A2", "B2", "conflict"], ["A3", "B3", "related"]],
    }
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return load_sample(folder)


def _claim(cid: str, account: Account, k: int, index: int, fragment: str) -> Claim:
    start = account.text.index(fragment)
    return Claim(id=cid, account=k, index=index, start=start, end=start + len(fragment), text=fragment)


def _link(a: str, b: str, relation: Relation) -> Link:
    return Link(claims=(a, b), relation=relation, score=0.5)


def test_a_damaged_comparison_scores_what_it_got_right(tmp_path):
    sample = _mini_sample(tmp_path)
    a, b = sample.accounts
    claims_a = (
        _claim("A1", a, 0, 0, "The ministers met in Lisk"),  # A1 cut in two claims: both count as A1
        _claim("A2", a, 0, 1, "on Monday."),
        _claim("A3", a, 0, 2, "They agreed to reopen the border."),
        _claim("A4", a, 0, 3, "Trade was discussed."),
    )
    claims_b = (
        _claim("B1", b, 1, 0, "The ministers held talks in Lisk."),
        _claim("B2", b, 1, 1, "No agreement was reached on the border."),
        _claim("B3", b, 1, 2, "They also spoke about fishing."),
    )
    links = (
        _link("A1", "B1", Relation.MATCH),  # right
        _link("A2", "B1", Relation.MATCH),  # the same sentence pair again: counted once
        _link("A3", "B2", Relation.MATCH),  # right counterpart, but the conflict is missed
        _link("A4", "B3", Relation.CONFLICT),  # a related pair taken for a conflict
        _link("A1", "A3", Relation.MATCH),  # within one account: ignored
    )
    result = score(Comparison((a, b), (claims_a, claims_b), links), sample)
    assert result.counterpart == Counts(tp=2, fp=1, fn=0)
    assert result.topic == Counts(tp=3, fp=0, fn=0)
    assert result.conflict == Counts(tp=0, fp=1, fn=1)
    assert result.omission == Counts(tp=0, fp=0, fn=2)  # A3 and B3 lost their omission
    assert result.counterpart.precision == pytest.approx(2 / 3)
    assert result.counterpart.recall == 1.0
    assert result.counterpart.f1 == pytest.approx(0.8)
    assert (result.conflict.precision, result.conflict.recall, result.conflict.f1) == (0.0, 0.0, 0.0)
    assert (result.omission.precision, result.omission.recall, result.omission.f1) == (1.0, 0.0, 0.0)
    assert result.misses == () and result.false == (("A3", "B3"),)

    # No links at all: every sentence is called an omission, nothing is a counterpart.
    bare = score(Comparison((a, b), (claims_a, claims_b), ()), sample)
    assert bare.counterpart == Counts(tp=0, fp=0, fn=2)
    assert bare.omission == Counts(tp=2, fp=4, fn=0)
    assert bare.omission.precision == pytest.approx(1 / 3) and bare.omission.f1 == pytest.approx(0.5)
    assert bare.misses == (("A1", "B1"), ("A2", "B2"))

    # Totals add counts, not F1s.
    both = result + bare
    assert both.counterpart == Counts(tp=2, fp=1, fn=2)


def test_a_damaged_real_sample_loses_exactly_the_damaged_links():
    sample = load_sample(next(p for p in SAMPLES if p.name == "le-drian-missile-talks-2018"))
    perfect = gold_comparison(sample)
    conflicts = [ln for ln in perfect.links if ln.relation is Relation.CONFLICT]
    assert len(conflicts) == 2
    # Turn one conflict into a match and drop the other: counterparts lose one pair, conflicts both.
    first, second = conflicts
    links = [ln for ln in perfect.links if ln not in (first, second)] + [_link(*first.claims, Relation.MATCH)]
    result = score(Comparison(perfect.accounts, perfect.claims, tuple(links)), sample)
    assert result.counterpart == Counts(tp=1, fp=0, fn=1)
    assert result.conflict == Counts(tp=0, fp=0, fn=2)
    assert result.topic.fn == 1 and result.topic.fp == 0
    assert result.omission == Counts(tp=result.omission.tp, fp=2, fn=0)  # the dropped pair's two sentences
    assert result.misses == (tuple(sorted(second.claims)),)


def test_score_refuses_a_comparison_of_other_accounts(tmp_path):
    sample = _mini_sample(tmp_path)
    other = Account(label="Other", text="Something else entirely.\n")
    with pytest.raises(ValueError):
        score(Comparison((sample.accounts[0],), ((),), ()), sample)
    with pytest.raises(ValueError):
        score(Comparison((sample.accounts[0], other), ((), ()), ()), sample)


# -- the command -----------------------------------------------------------------------------------


def test_run_eval_prints_one_line_per_sample_and_the_totals(tmp_path):
    _mini_sample(tmp_path)
    out = io.StringIO()
    assert run_eval(["rouhani-macron-2018-01", str(tmp_path)], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("rouhani-macron-2018-01: counterpart F1 ")
    assert lines[1].startswith(f"{tmp_path.name}: counterpart F1 ")
    for line, key in zip(lines[2:6], ("counterpart", "omission", "topic", "conflict")):
        assert re.fullmatch(rf"{key} +P \d\.\d\d  R \d\.\d\d  F1 \d\.\d\d", line)
    assert lines[6].startswith("median seconds per case ")


def test_run_eval_refuses_an_unknown_sample(capsys):
    out = io.StringIO()
    assert run_eval(["no-such-event"], out=out) == 2
    err = capsys.readouterr().err
    assert "no-such-event" in err and len(err.strip().splitlines()) == 1
    assert out.getvalue() == ""
