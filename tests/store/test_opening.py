"""Opening a library: migrations from empty to head, backups, and refusals that leave the file alone."""

import hashlib
import os
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from readout_compare.core.compare import compare
from readout_compare.store import repository as repo
from readout_compare.store.database import _make_engine, _upgrade, head_revision, migrations_config, open_library
from readout_compare.store.errors import (
    LibraryCorruptError,
    LibraryLockedError,
    LibraryNewerError,
    LibraryReadOnlyError,
)
from readout_compare.store.models import Base


def folder_state(folder):
    """Every file in the folder with a hash of its bytes: 'untouched' means this does not change."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_the_migrations_form_one_chain_with_a_single_head():
    script = ScriptDirectory.from_config(migrations_config())
    assert len(script.get_heads()) == 1
    chain = list(script.walk_revisions("base", "heads"))
    assert [r.down_revision for r in reversed(chain)][0] is None
    assert all(len(r.nextrev) <= 1 for r in chain)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_empty_database_is_brought_to_head_matching_the_models(backend, request, tmp_path):
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'lib.sqlite'}"
    library = open_library(url, seed=False)
    try:
        assert library.created and library.backup is None
        with library.engine.connect() as conn:
            context = MigrationContext.configure(conn)
            assert context.get_current_revision() == head_revision()
            assert compare_metadata(context, Base.metadata) == []  # migrations and models agree
    finally:
        library.close()
    again = open_library(url, seed=False)  # opening again migrates nothing
    assert not again.created
    again.close()


def test_sqlite_library_is_in_wal_mode_with_foreign_keys(library_file):
    library = open_library(f"sqlite:///{library_file}", seed=False)
    with library.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    library.close()


def test_an_older_library_is_copied_aside_then_upgraded_keeping_its_events(library_file):
    url = f"sqlite:///{library_file}"
    engine = _make_engine(url, 5)
    _upgrade(engine, "0001")  # a library written by the first release
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO events (id, title, date, notes, matcher, created, changed, version) "
            "VALUES (1, 'Berg–Vale call', '2024-03-05', '', 'lexical', '2024-03-05', '2024-03-05', 1)"
        ))
    engine.dispose()

    library = open_library(url, seed=False)
    try:
        assert library.backup is not None and library.backup.exists()
        assert library.backup.name.startswith("library-before-upgrade-") and "0001" in library.backup.name
        backup = sqlite3.connect(library.backup)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT title FROM events").fetchall() == [("Berg–Vale call",)]
        backup.close()
        with library.read() as s:
            assert [e.title for e in repo.list_events(s)] == ["Berg–Vale call"]
            assert repo.load_event(s, 1).annotations == ()  # the new tables exist and are empty
    finally:
        library.close()


def test_a_library_from_a_newer_version_is_refused_and_left_untouched(library_file):
    library = open_library(f"sqlite:///{library_file}", seed=False)
    library.close()
    db = sqlite3.connect(library_file)
    db.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    db.commit()
    db.close()
    before = folder_state(library_file.parent)
    with pytest.raises(LibraryNewerError, match="newer version of Readout Compare.*left untouched"):
        open_library(f"sqlite:///{library_file}", seed=False)
    assert folder_state(library_file.parent) == before  # no backup, no journal, not a byte changed


def test_a_newer_postgresql_library_is_refused(pg_url):
    open_library(pg_url, seed=False).close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    with pytest.raises(LibraryNewerError, match="newer version"):
        open_library(pg_url, seed=False)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0099_from_the_future"
    engine.dispose()


@pytest.mark.parametrize("content", [b"Minutes of the meeting, not a database\n" * 50, b"SQLite format 3\x00" + bytes(range(256)) * 20])
def test_a_corrupt_file_is_refused_and_left_untouched(library_file, content):
    library_file.write_bytes(content)
    before = folder_state(library_file.parent)
    with pytest.raises(LibraryCorruptError, match="left untouched"):
        open_library(f"sqlite:///{library_file}", seed=False)
    assert folder_state(library_file.parent) == before


def test_another_programs_sqlite_database_is_refused(library_file):
    db = sqlite3.connect(library_file)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(LibraryCorruptError, match="another program"):
        open_library(f"sqlite:///{library_file}", seed=False)


def test_a_locked_library_gets_a_clear_message_and_loses_nothing(library_file, accounts):
    library = open_library(f"sqlite:///{library_file}", seed=False, busy_timeout=0.2)
    with library.write() as s:
        event = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
    other = sqlite3.connect(library_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program is writing and holds the lock
    try:
        with pytest.raises(LibraryLockedError, match="locked by another program"):
            with library.write() as s:
                repo.update_event(s, event, title="renamed")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with library.read() as s:
        assert repo.load_event(s, event).title == "Berg–Vale call"
    with library.write() as s:  # once the lock is gone, the edit goes through
        repo.update_event(s, event, title="renamed")
    library.close()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_library_opens_for_browsing_and_refuses_every_change(library_file, accounts, unprivileged, what):
    """An archived library the analyst may not change: she can list, search and read its events;
    every change is refused at once, saying why, and nothing is written."""
    library = open_library(f"sqlite:///{library_file}", seed=False)
    with library.write() as s:
        event = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
    library.close()
    locked = library_file if what == "file" else library_file.parent
    locked.chmod(0o444 if what == "file" else 0o555)
    before = folder_state(library_file.parent)
    try:
        with unprivileged():
            library = open_library(f"sqlite:///{library_file}", seed=False)
            try:
                assert library.read_only == ("the file is read-only" if what == "file" else "its folder is read-only")
                with library.read() as s:
                    assert [e.title for e in repo.search_events(s, "journalists")] == ["Berg–Vale call"]
                    assert repo.load_event(s, event).title == "Berg–Vale call"
                    assert repo.glossary_version(s) == 0
                with pytest.raises(LibraryReadOnlyError, match="open for browsing only .*nothing was changed"):
                    with library.write() as s:
                        repo.update_event(s, event, title="renamed")
            finally:
                library.close()
        assert folder_state(library_file.parent) == before  # no journal, no -wal, no backup
    finally:
        locked.chmod(0o755 if what == "folder" else 0o644)


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(Exception, match="does not exist"):
        open_library(f"sqlite:///{tmp_path / 'nowhere' / 'library.sqlite'}", seed=False)


def test_a_row_locked_on_the_postgresql_server_gets_the_locked_message(pg_url, accounts):
    library = open_library(pg_url, seed=False, busy_timeout=0.5)
    with library.write() as s:
        event = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
    other = create_engine(pg_url)
    with other.connect() as conn:
        conn.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event})  # another analyst mid-save
        with pytest.raises(LibraryLockedError, match="locked by another program"):
            with library.write() as s:
                repo.update_event(s, event, title="renamed")
        conn.rollback()
    other.dispose()
    with library.read() as s:
        assert repo.load_event(s, event).title == "Berg–Vale call"
    library.close()
