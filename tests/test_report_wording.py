"""The terminal's words: counts agree with their numbers, and wrapped lines read as continuations."""

from __future__ import annotations

from readout_compare import cli


def test_counted_and_verb_agree_with_the_number():
    from readout_compare.core.plural import counted, verb

    assert [counted(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]
    assert counted(2, "match") == "2 matches" and counted(3, "summary") == "3 summaries" and counted(2, "day") == "2 days"
    assert counted(1, "claim", number="<b>1</b>") == "<b>1</b> claim"
    assert f"1 event {verb(1, 'matches', 'match')}" == "1 event matches" and verb(4, "matches", "match") == "match"


def test_wrapped_report_lines_are_indented_not_bulleted(capsys, monkeypatch):
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "lexical")
    assert cli.main(["report"]) == 0
    lines = capsys.readouterr().out.splitlines()
    items = [i for i, line in enumerate(lines) if line.startswith("  - ")]
    assert items, "the report lists omissions as items"
    wrapped = [lines[i + 1] for i in items if i + 1 < len(lines) and lines[i + 1].startswith(" ") and not lines[i + 1].startswith("  - ")]
    assert wrapped, "some item is long enough to wrap"
    for line in lines:
        assert not line.lstrip().startswith("- ") or line.startswith("  - "), f"a continuation line is bulleted: {line!r}"
    # a continuation sits under its item's text
    assert all(line.startswith("    ") and not line.startswith("     ") for line in wrapped)



def test_a_duration_of_one_minute_is_singular():
    from readout_compare.core.conflicts import _minutes

    assert [_minutes(v) for v in (1, 40, 60, 150)] == ["1 minute", "40 minutes", "1 hour", "2.5 hours"]
