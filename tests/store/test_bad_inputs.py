"""What the library cannot keep, refused the same way on SQLite and PostgreSQL, and writes that
asked for no version check never refused as someone else's change.

The table: each field a person or a file provides, one value past its limit (or with a character
no database takes). On every database the write is refused before anything reaches it, with one
line naming the field and the file (or the event), and nothing is stored.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from readout_compare.core.compare import compare
from readout_compare.cli import main
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library
from readout_compare.store.errors import LibraryError
from readout_compare.store.models import Annotation, Event

from .accounts import JOURNALISTS

# (field, how to spoil the accounts or the event, words the message must have)
ACCOUNT_FIELDS = [
    ("label over 200", lambda a: replace(a, label="L" * 201), ["label", "201 characters", "200"]),
    ("source over 500", lambda a: replace(a, source="s" * 501), ["source", "501", "500"]),
    ("url over 2,000", lambda a: replace(a, url="https://example.org/" + "p" * 2000), ["url", "2,020", "2,000"]),
    ("language over 20", lambda a: replace(a, language="l" * 21), ["language", "21", "20"]),
    ("date over 40", lambda a: replace(a, date="5 March 2024, " + "and then some " * 3), ["date", "40"]),
    ("file name over 2,000", lambda a: replace(a, path="/" + "d" * 2100 + "/norland.txt"), ["file name", "2,000"]),
    ("a NUL in the text", lambda a: replace(a, text=a.text + "\x00"), ["text", "NUL"]),
    ("a NUL in the label", lambda a: replace(a, label="Norland\x00MFA"), ["label", "NUL"]),
    ("a lone surrogate in the label", lambda a: replace(a, label="Norland \udce9"), ["label", "not valid Unicode"]),
]
EVENT_FIELDS = [
    ("title over 500", {"title": "T" * 501}, ["title", "501", "500"]),
    ("date over 40", {"date": "2024-03-05 " * 5}, ["date", "55", "40"]),
    ("a NUL in the notes", {"notes": "see\x00below"}, ["notes", "NUL"]),
]


def events_in(library) -> int:
    with library.read() as s:
        return s.scalar(select(func.count()).select_from(Event))


@pytest.mark.parametrize("kind, spoil, words", ACCOUNT_FIELDS, ids=[f[0] for f in ACCOUNT_FIELDS])
def test_an_account_field_the_library_cannot_keep_is_refused_on_every_database(kind, spoil, words, library, accounts):
    spoilt = [replace(spoil(accounts[0]), path=spoil(accounts[0]).path or "/imports/norland.txt"), accounts[1]]
    with pytest.raises(LibraryError) as refused:
        with library.write() as s:
            repo.create_event(s, "Berg–Vale call", spoilt)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 400
    assert spoilt[0].path[:60] in message  # the file
    for word in words:
        assert word in message
    assert events_in(library) == 0


@pytest.mark.parametrize("kind, fields, words", EVENT_FIELDS, ids=[f[0] for f in EVENT_FIELDS])
def test_an_event_field_the_library_cannot_keep_is_refused_on_every_database(kind, fields, words, library, accounts):
    fields = dict(fields)  # the table is shared by every database
    title = fields.pop("title", "Berg–Vale call")
    with pytest.raises(LibraryError) as refused:
        with library.write() as s:
            repo.create_event(s, title, accounts, compare(accounts), **fields)
    message = str(refused.value)
    assert "\n" not in message and "the event" in message
    for word in words:
        assert word in message
    assert events_in(library) == 0


def test_changes_to_a_stored_event_are_checked_too(library, accounts):
    with library.write() as s:
        event_id = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
        claim = next(c.id for c in repo.load_event(s, event_id).comparison.claims[0] if JOURNALISTS in c.text)
    for change in (
        lambda s: repo.update_event(s, event_id, title="T" * 501),
        lambda s: repo.annotate(s, event_id, [claim], tag="t" * 201),
        lambda s: repo.annotate(s, event_id, [claim], tag="ok", author="a" * 201),
    ):
        with pytest.raises(LibraryError, match="the library keeps at most"):
            with library.write() as s:
                change(s)
    with library.read() as s:
        assert repo.load_event(s, event_id).title == "Berg–Vale call"
        assert s.scalar(select(func.count()).select_from(Annotation)) == 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_import_of_a_file_with_a_long_label_says_which_file_and_stores_nothing(backend, request, tmp_path, capsys, account_files):
    db = request.getfixturevalue("pg_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'lib.sqlite'}"
    bad = tmp_path / "kremlin.txt"
    bad.write_text("---\nlabel: " + "President of Russia " * 12 + "\n---\nPresident Putin spoke with Foreign Minister Berg.\n", encoding="utf-8")
    code = main(["--db", db, "import", "--matcher", "lexical", "--title", "Call", str(bad), account_files[1]])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert str(bad) in err and "label" in err and "at most 200" in err and "Traceback" not in err
    assert main(["--db", db, "list"]) == 0
    assert "no events yet" in capsys.readouterr().out


# -- writes that asked for no version check ------------------------------------------------------


def test_a_write_without_a_version_check_is_never_refused_as_someone_elses_change(shared_url, accounts):
    """Two windows annotate the same event at the same moment, neither asking for a version check.

    The interleaving that failed on PostgreSQL (5.9% of writes under load) is forced: the first
    writer has read the event and is about to flush when the second one writes. Before, the first
    was refused as "changed by someone else"; now the second waits for the first's row lock (or,
    on SQLite, for its write lock), and both annotations are kept.
    """
    first, second = open_library(shared_url, seed=False), open_library(shared_url, seed=False)
    try:
        with first.write() as s:
            event_id = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
            claim = repo.load_event(s, event_id).comparison.claims[0][0].id
        outcome: dict[str, object] = {}

        def other_window() -> None:
            try:
                with second.write() as s:
                    repo.annotate(s, event_id, [claim], tag="second")
                outcome["second"] = "saved"
            except Exception as exc:  # noqa: BLE001 - reported below
                outcome["second"] = exc

        racer = threading.Thread(target=other_window)

        def meanwhile(session, _context, _instances) -> None:
            # Only at the flush that writes the annotation: the event has been read by then.
            if any(isinstance(o, Annotation) for o in session.new) and "started" not in outcome:
                outcome["started"] = True
                racer.start()
                racer.join(timeout=2.0)  # with the old code the other write commits here

        with first.write() as s:
            sa_event.listen(s, "before_flush", meanwhile)
            repo.annotate(s, event_id, [claim], tag="first")
        racer.join(timeout=30)
        assert outcome.get("second") == "saved", outcome
        with first.read() as s:
            tags = sorted(a.tag for a in repo.load_event(s, event_id).annotations)
        assert tags == ["first", "second"]
    finally:
        first.close()
        second.close()


# -- library files -------------------------------------------------------------------------------

def _folder_state(folder):
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _empty_file(path):
    path.write_bytes(b"")


def _tables_without_revision(path):
    """An empty alembic_version beside the library's tables (a migration tool was interrupted)."""
    open_library(f"sqlite:///{path}", seed=False).close()
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("DELETE FROM alembic_version")
    db.commit()
    db.close()


def _not_a_database(path):
    path.write_bytes(b"Minutes of the meeting, not a database\n" * 50)


def _another_programs(path):
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()


def _a_folder(path):
    path.mkdir()


# (class of library file, how to make it, what the message says)
LIBRARY_FILES = [
    ("an empty file (0 bytes)", _empty_file, "empty file (0 bytes)"),
    ("library tables with an empty alembic_version", _tables_without_revision, "no schema revision"),
    ("not a database", _not_a_database, "not a SQLite database"),
    ("another program's SQLite database", _another_programs, "another program"),
    ("a folder", _a_folder, "is a folder"),
]


@pytest.mark.parametrize("kind, make, words", LIBRARY_FILES, ids=[f[0] for f in LIBRARY_FILES])
def test_a_file_that_is_not_a_library_is_refused_and_left_untouched(kind, make, words, tmp_path, capsys):
    path = tmp_path / "library.sqlite"
    make(path)
    before = _folder_state(tmp_path)
    assert main(["--db", f"sqlite:///{path}", "list"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(path) in err and words in err and "Traceback" not in err
    assert _folder_state(tmp_path) == before  # not a byte changed, nothing made beside it


def test_an_empty_alembic_version_on_postgresql_is_refused_too(pg_url):
    open_library(pg_url, seed=False).close()
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    engine.dispose()
    with pytest.raises(LibraryError, match="no schema revision"):
        open_library(pg_url, seed=False)


def test_a_read_only_library_is_listed_and_shown_but_not_changed(tmp_path, capsys, account_files, unprivileged):
    path = tmp_path / "archive.sqlite"
    db = f"sqlite:///{path}"
    assert main(["--db", db, "import", "--matcher", "lexical", "--title", "Berg–Vale call", *account_files]) == 0
    capsys.readouterr()
    path.chmod(0o444)
    before = _folder_state(tmp_path)
    try:
        with unprivileged():
            assert main(["--db", db, "list"]) == 0
            out, err = capsys.readouterr()
            assert "Berg–Vale call" in out and "open for browsing only (the file is read-only)" in err
            assert main(["--db", db, "show", "1"]) == 0
            assert "Berg–Vale call" in capsys.readouterr().out
            assert main(["--db", db, "import", "--matcher", "lexical", "--title", "Another", *account_files]) == 2
            err = capsys.readouterr().err
            assert len(err.strip().splitlines()) == 1 and "open for browsing only" in err and "nothing was changed" in err
        assert _folder_state(tmp_path) == before
    finally:
        path.chmod(0o644)
