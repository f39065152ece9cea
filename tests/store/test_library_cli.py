"""The command line's library commands: import, list, show — a round trip through the database."""

import json

import pytest

from readout_compare.events import correct_account
from readout_compare import cli
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library

from .accounts import JOURNALISTS, TRADE_LAW


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'library.sqlite'}"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_round_trip(capsys, db, account_files):
    code, out, err = run(capsys, "--db", db, "import", "--title", "Berg–Vale call", *account_files)
    assert code == 0 and "Stored event 1: Berg–Vale call (2 accounts" in out and err == ""

    code, out, _ = run(capsys, "--db", db, "list")
    assert code == 0
    assert "Berg–Vale call" in out and "[Norland MFA; Southmark MFA]" in out and "2024-03-05" in out

    # `show` prints what `align` prints for the same files, under the event's title.
    _, aligned, _ = run(capsys, "align", *account_files)
    code, shown, _ = run(capsys, "--db", db, "show", "1")
    assert code == 0
    assert shown == "Event 1: Berg–Vale call (2024-03-05)\n" + aligned

    _, aligned_json, _ = run(capsys, "align", "--format", "json", *account_files)
    code, shown_json, _ = run(capsys, "--db", db, "show", "Berg–Vale", "--format", "json")
    data = json.loads(shown_json)
    assert {k: v for k, v in data.items() if k in json.loads(aligned_json)} == json.loads(aligned_json)
    assert data["event"]["title"] == "Berg–Vale call"


def test_show_applies_the_analysts_judgements(capsys, db, account_files, monkeypatch):
    monkeypatch.setenv("READOUT_COMPARE_DB", db)  # the variable instead of --db
    assert run(capsys, "import", "--title", "Berg–Vale call", *account_files)[0] == 0
    library = open_library(db)
    with library.write() as s:
        c = repo.load_event(s, 1).comparison
        journalists = next(x for x in c.all_claims() if x.text.startswith(JOURNALISTS))
        trade = next(x for x in c.all_claims() if x.text.startswith(TRADE_LAW))
        repo.link_claims(s, 1, journalists.id, trade.id, "conflict", author="ana")
        repo.annotate(s, 1, [journalists.id], tag="omission — significant", note="silence on the detention")
    library.close()

    code, out, _ = run(capsys, "show", "1")
    assert code == 0
    conflicts = out.split("== Conflicts ==")[1]
    assert JOURNALISTS in conflicts and TRADE_LAW in conflicts
    assert f"{journalists.id}: omission — significant: silence on the detention" in out

    data = json.loads(run(capsys, "show", "1", "--format", "json")[1])
    [link] = [ln for ln in data["links"] if ln["by_analyst"]]
    assert sorted(link["claims"]) == sorted([journalists.id, trade.id]) and link["relation"] == "conflict"
    assert data["annotations"][0]["tag"] == "omission — significant"


def test_importing_the_same_text_again_warns(capsys, db, account_files):
    run(capsys, "--db", db, "import", "--title", "first", *account_files)
    code, out, err = run(capsys, "--db", db, "import", "--title", "second", *account_files)
    assert code == 0 and "Stored event 2" in out
    assert "already in the library (event 1: first" in err


def test_the_same_file_given_twice_is_said(capsys, db, account_files):
    code, out, err = run(capsys, "--db", db, "import", "--matcher", "lexical", "--title", "twice", account_files[0], account_files[0])
    assert code == 0
    assert err.splitlines() == [f"readout-compare: warning: {account_files[0]} is given 2 times"]


def test_three_identical_accounts_are_each_named(capsys, db, account_files, tmp_path):
    copies = [tmp_path / f"copy{n}.txt" for n in range(3)]
    for copy in copies:
        copy.write_bytes(open(account_files[0], "rb").read())
    code, out, err = run(capsys, "--db", db, "import", "--matcher", "lexical", "--title", "three", *map(str, copies))
    assert code == 0
    assert err.splitlines() == [f"readout-compare: warning: {copies[0]}, {copies[1]} and {copies[2]} have the same text"]


def test_a_text_stored_many_times_is_one_line_per_account(capsys, db, account_files):
    for n in range(12):
        assert run(capsys, "--db", db, "import", "--matcher", "lexical", "--title", f"copy {n}", *account_files)[0] == 0
    code, out, err = run(capsys, "--db", db, "import", "--matcher", "lexical", "--title", "once more", *account_files)
    lines = err.splitlines()
    assert code == 0 and len(lines) == 2  # one per account, not one per stored copy
    assert "(event 1: copy 0, account 'Norland MFA', and 11 more copies)" in lines[0]
    assert "'Southmark MFA'" in lines[1]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "99"], "no event '99' in the library"),
        (["import", "--title", "x", "missing.txt", "other.txt"], "missing.txt: no such file"),
        (["--db", "not a url", "list"], "not a database URL"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(capsys, db, argv, message):
    if "--db" not in argv:
        argv = ["--db", db, *argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_list_of_an_empty_library_says_how_to_add_one(capsys, db):
    code, out, _ = run(capsys, "--db", db, "list")
    assert code == 0 and "no events yet" in out


def test_list_with_words_searches(capsys, db, account_files):
    run(capsys, "--db", db, "import", "--title", "Berg–Vale call", *account_files)
    assert "Berg–Vale call" in run(capsys, "--db", db, "list", "journalists")[1]
    assert "No event" in run(capsys, "--db", db, "list", "parliament")[1]


def test_show_lists_judgements_orphaned_by_an_edit(capsys, db, account_files):
    run(capsys, "--db", db, "import", "--title", "Berg–Vale call", *account_files)
    library = open_library(db)
    with library.write() as s:
        stored = repo.load_event(s, 1)
        journalists = next(x for x in stored.comparison.all_claims() if x.text.startswith(JOURNALISTS))
        repo.annotate(s, 1, [journalists.id], tag="omission — significant")
        text = stored.engine.accounts[0].text.replace(journalists.text, "")
    correct_account(library, 1, 0, text)
    library.close()
    code, out, _ = run(capsys, "--db", db, "show", "1")
    assert code == 0
    orphaned = out.split("== Orphaned")[1]
    assert "omission — significant" in orphaned and JOURNALISTS in orphaned
    data = json.loads(run(capsys, "--db", db, "show", "1", "--format", "json")[1])
    assert data["annotations"][0]["orphaned"] is True


def test_show_json_and_a_json_export_of_the_event_carry_the_same_record(tmp_path, capsys):
    """One shape for a stored event's JSON, whether printed by `show` or written by `export`."""
    import json as _json

    from readout_compare.cli import main
    from readout_compare.resources import sample_files

    db = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    assert main(["--db", db, "import", "--title", "Call", *sample_files()]) == 0
    capsys.readouterr()
    assert main(["--db", db, "show", "Call", "--format", "json"]) == 0
    shown = _json.loads(capsys.readouterr().out)
    out = tmp_path / "call.json"
    assert main(["--db", db, "export", "--format", "json", "--out", str(out), "--event", "Call"]) == 0
    exported = _json.loads(out.read_text(encoding="utf-8"))
    for key in ("event", "reviewed", "annotations", "orphaned_judgements", "accounts", "links"):
        assert exported[key] == shown[key], key
    assert shown["event"]["title"] == "Call"
