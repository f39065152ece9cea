"""The command line: align in text and JSON, eval on the samples, and bad input without tracebacks."""

import json
import subprocess
import sys

import pytest

from readout_compare.cli import main, sample_files

IRAN = "---\nlabel: Iranian presidency\nsource: president.ir\n---\nPresident Rouhani spoke by telephone with President Macron. Rouhani accused an exile group of stirring the protests.\n"
FRANCE = "President Macron spoke by telephone with President Rouhani. Macron raised the case of a French researcher held in Evin prison.\n"


def run(*args):
    """Run the real entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "readout_compare", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def pair(tmp_path):
    a, b = tmp_path / "iran.txt", tmp_path / "elysee.txt"
    a.write_text(IRAN, encoding="utf-8")
    b.write_text(FRANCE, encoding="utf-8")
    return str(a), str(b)


def test_json_follows_the_align_contract(pair):
    result = run("align", "--format", "json", *pair)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    texts = [open(p, encoding="utf-8").read() for p in pair]
    bodies = [texts[0].split("---\n", 2)[2], texts[1]]
    assert [a["label"] for a in data["accounts"]] == ["Iranian presidency", "elysee"]
    ids = [c["id"] for a in data["accounts"] for c in a["claims"]]
    assert len(ids) == len(set(ids)) == 4
    for account, body in zip(data["accounts"], bodies):
        for claim in account["claims"]:
            assert isinstance(claim["start"], int) and isinstance(claim["end"], int)
            assert body[claim["start"] : claim["end"]] == claim["text"]
    assert data["links"], "the two call sentences should be linked"
    for link in data["links"]:
        assert set(link["claims"]) <= set(ids) and len(link["claims"]) >= 2
        assert link["relation"] in {"match", "conflict", "related"}
        assert isinstance(link["score"], float) and 0.0 <= link["score"] <= 1.0
    call = [ln for ln in data["links"] if set(ln["claims"]) == {"A1", "B1"}]
    assert call and call[0]["relation"] == "match"


def test_text_report_lists_pairs_then_omissions_then_conflicts(pair):
    result = run("align", *pair)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("== Aligned claims ==") < out.index("== Only in Iranian presidency") < out.index("== Conflicts ==")
    only_iran = out[out.index("== Only in Iranian presidency") : out.index("== Only in elysee")]
    assert "exile group" in only_iran


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, "binary"),
        ("garbled.txt", b"\x81\x8d\x8f\x90\x9d" * 10, "not readable"),
    ],
)
def test_bad_input_gives_one_line_and_nonzero_exit(tmp_path, pair, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("align", pair[0], str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason in lines[0]


def test_missing_and_oversized_files(tmp_path, pair):
    result = run("align", pair[0], str(tmp_path / "nowhere.txt"))
    assert result.returncode == 2 and "nowhere.txt: no such file" in result.stderr
    huge = tmp_path / "huge.txt"
    with open(huge, "w", encoding="ascii") as f:
        f.write("The ministers met again. " * 230_000)
    result = run("align", pair[0], str(huge))
    assert result.returncode == 2 and "too large" in result.stderr and "Traceback" not in result.stderr


def test_one_file_is_not_a_comparison(pair, capsys):
    assert main(["align", pair[0]]) == 2
    assert "at least two" in capsys.readouterr().err


def test_three_accounts_in_json(tmp_path, pair):
    third = tmp_path / "kremlin.txt"
    third.write_text("The presidents of Iran and France spoke by telephone. Nothing else was reported.\n", encoding="utf-8")
    data = json.loads(run("align", "--format", "json", *pair, str(third)).stdout)
    assert len(data["accounts"]) == 3
    assert {c["id"][0] for c in data["accounts"][2]["claims"]} == {"C"}


def test_default_command_reports_the_bundled_sample(capsys):
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "Iranian presidency" in out and "Élysée" in out and "== Only in" in out


def test_sample_files_are_found_through_the_package():
    files = sample_files("rouhani-macron-2018-01")
    assert len(files) == 2 and all(f.endswith(".txt") for f in files)
