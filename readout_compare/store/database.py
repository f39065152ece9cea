"""Opening a library: which database, checks before touching it, backup, migrations, sessions.

The embedded default is SQLite in the user's data folder (foreign keys on, WAL journal so a
reader never waits for a writer). ``--db URL`` or ``READOUT_COMPARE_DB`` name any SQLAlchemy
URL instead, PostgreSQL included, so a team can share one library.

Opening never damages what is there: a SQLite file is first inspected through a read-only
connection (a file from a newer version, a corrupt file or a locked one is refused before
anything is written), and copied aside before any migration runs.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import urllib.parse
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from . import limits
from .models import LibraryState
from .errors import (
    ConcurrentEditError,
    LibraryCorruptError,
    LibraryError,
    LibraryLockedError,
    LibraryNewerError,
    LibraryReadOnlyError,
    LibraryUnavailableError,
)

APP_NAME = "readout-compare"
ENV_URL = "READOUT_COMPARE_DB"
SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = {"events", "accounts", "claims", "links"}
# Schemas a read-only library can be browsed at without upgrading it (0003 adds only the
# library's own state, which browsing does not need; 0004 only lets judgements split and merge claims;
# 0005 only keeps embeddings, which browsing never writes).
BROWSABLE_REVISIONS = {"0002", "0003", "0004", "0005"}


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite"


def resolve_url(url: str | None = None) -> tuple[str, bool]:
    """The URL to open and whether it is the embedded default (which gets the samples on first run)."""
    if url:
        return url, False
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL], False
    return f"sqlite:///{default_path()}", True


def parse_url(url: str):
    try:
        return make_url(url)
    except ArgumentError:
        raise LibraryError(
            f"not a database URL: {url!r} (try sqlite:///path/to/library.sqlite or postgresql+psycopg://user@host/dbname)"
        ) from None


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name)


def migrations_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "readout_compare.store:migrations")
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(migrations_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(migrations_config()).walk_revisions()}


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class Library:
    """An open library: an engine and the sessions to read or change it.

    ``read()`` and ``write()`` are the only ways in, so every change is one transaction and
    every database failure comes out as a LibraryError with a message for the analyst.
    """

    engine: Engine
    url: str
    path: Path | None = None
    backup: Path | None = None  # the copy made before the last migration, if any
    created: bool = False  # the database was empty and has just been set up
    read_only: str = ""  # why the library is open for browsing only ("" when it can be changed)
    _read: sessionmaker = field(init=False, repr=False)
    _write: sessionmaker = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        # Writers announce themselves so SQLite takes the write lock at BEGIN (see _sqlite_begin):
        # a transaction that reads and then writes cannot be overtaken half-way.
        self._write = sessionmaker(self.engine.execution_options(readout_write=True), expire_on_commit=False)
        # Field lengths the same on every database, checked before anything is written.
        limits.watch(self._read)
        limits.watch(self._write)

    @property
    def name(self) -> str:
        return describe(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(self.url), self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A library open for browsing only refuses at once, saying why; nothing is attempted."""
        self.require_writable()
        with translate_errors(self.url), self._write() as session, session.begin():
            yield session

    def require_writable(self) -> None:
        """LibraryReadOnlyError, saying why, if the library is open for browsing only."""
        if self.read_only:
            raise LibraryReadOnlyError(f"the library {self.name} is open for browsing only ({self.read_only}); nothing was changed")

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    try:
        yield
    except StaleDataError:
        raise ConcurrentEditError() from None
    except DBAPIError as exc:
        raise database_error(exc, url) from None


def database_error(exc: Exception, url: str) -> LibraryError:
    """Turn a driver's exception into one line the analyst can act on."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    where = describe(url)
    if "locked" in low or "busy" in low or "could not obtain lock" in low or "lock timeout" in low:
        return LibraryLockedError(f"the library {where} is locked by another program (or another analyst is saving); wait a moment, or close that program, and try again")
    if "readonly" in low or "read-only" in low or "read only" in low:
        return LibraryReadOnlyError(f"the library {where} is read-only; nothing was changed")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return LibraryCorruptError(f"{where} is damaged or not a Readout Compare library ({text}); it was left untouched")
    if isinstance(exc, OperationalError) and parse_url(url).get_backend_name() != "sqlite":
        return LibraryUnavailableError(f"cannot reach the library {where}: {text}")
    return LibraryError(f"the library {where} failed: {text}")


# -- opening -------------------------------------------------------------------------------------


def open_library(url: str | None = None, *, seed: bool | None = None, busy_timeout: float = 5.0) -> Library:
    """Open (creating or upgrading as needed) the library at ``url``, the environment's, or the default.

    ``seed``: load the bundled samples into a new library; by default only the embedded one.
    A new SQLite library is made whole beside its final name (schema and samples) and only then
    put in place, so an interrupted first run leaves no half library. A library the user cannot
    write is opened for browsing only (``Library.read_only`` says why).
    """
    url, is_default = resolve_url(url)
    samples = seed if seed is not None else is_default
    path = sqlite_file(url)
    revision: str | None = None
    created = False
    if path is not None:
        if is_default:
            path.parent.mkdir(parents=True, exist_ok=True)
        found = _inspect_sqlite_file(path, url, busy_timeout)
        if found.missing:
            created = _create_sqlite_file(path, busy_timeout, samples)
            found = _inspect_sqlite_file(path, url, busy_timeout)
        if found.read_only:
            return _open_read_only(path, url, found, busy_timeout)
        revision = found.revision
    engine = _make_engine(url, busy_timeout)
    library = Library(engine, url, path, created=created)
    try:
        with translate_errors(url):
            if path is None:
                revision = _current_revision(engine)
            _refuse_unknown(revision, url)
            if revision != head_revision():
                if path is not None and revision is not None:
                    library.backup = backup_sqlite(path, revision)
                _upgrade(engine, samples="pending" if samples and revision is None else None)
                library.created = library.created or revision is None
        if samples:
            from .seed import complete_samples

            complete_samples(library)
    except BaseException:
        engine.dispose()
        raise
    return library


def _create_sqlite_file(path: Path, busy_timeout: float, samples: bool) -> bool:
    """Make a new library file whole (schema, and the samples if wanted) under a temporary name
    beside ``path``, then put it in place; False if another process put one there first.

    Killed at any moment, this leaves either no library (the next run starts again) or a whole
    one: never a library with some of the samples, nor an empty file taken for a library.
    """
    from .seed import complete_samples

    for leftover in path.parent.glob(f".{path.name}.new-*"):
        if _abandoned(leftover):  # left by an interrupted first run
            try:
                leftover.unlink()
            except OSError:
                pass
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    url = f"sqlite:///{temporary}"
    engine = _make_engine(url, busy_timeout)
    try:
        with translate_errors(url):
            _upgrade(engine, samples="pending" if samples else None)
        if samples:
            complete_samples(Library(engine, url, temporary))
        engine.dispose()
        raw = engine.raw_connection()  # the only connection: it may leave WAL mode
        try:
            raw.driver_connection.execute("PRAGMA journal_mode=DELETE")  # everything in the one file; WAL again when opened
        finally:
            raw.close()
        engine.dispose()
        try:
            os.link(temporary, path)  # never replaces a library another process has just made
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if path.exists():
                return False
            os.replace(temporary, path)
        return True
    except LibraryError:
        raise
    except OSError as exc:
        raise LibraryError(f"cannot create the library {path}: {exc.strerror or exc}") from None
    finally:
        engine.dispose()
        for leftover in (temporary, temporary.with_name(temporary.name + "-wal"), temporary.with_name(temporary.name + "-shm")):
            try:
                leftover.unlink()
            except OSError:
                pass


def _abandoned(leftover: Path) -> bool:
    """Whether a half-made library file was left by a process that is gone (not one at work now)."""
    try:
        pid = int(leftover.name.split(".new-", 1)[1].split("-", 1)[0])
    except (IndexError, ValueError):
        pid = 0
    if pid and pid != os.getpid() and os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
    try:
        return datetime.now().timestamp() - leftover.stat().st_mtime > 600
    except OSError:
        return False


def _open_read_only(path: Path, url: str, found: "SqliteFile", busy_timeout: float) -> Library:
    """A library the user cannot write, opened for browsing: reads work, every write is refused."""
    if found.revision is None:
        raise LibraryReadOnlyError(f"the library {path} is read-only and empty, so there is nothing to browse; nothing was changed")
    _refuse_unknown(found.revision, url)
    if found.revision not in BROWSABLE_REVISIONS:
        raise LibraryReadOnlyError(
            f"the library {path} is read-only and was written by an older version (schema {found.revision}); "
            "upgrading it needs write access — copy it somewhere writable to open it; nothing was changed"
        )
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"  # nobody is writing it, and SQLite need not make -shm files where it cannot

    def connect():
        return sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)
    event.listen(engine, "connect", _sqlite_connect_read_only)
    event.listen(engine, "begin", _sqlite_begin)
    return Library(engine, url, path, read_only=found.read_only)


def _make_engine(url: str, busy_timeout: float) -> Engine:
    parsed = parse_url(url)
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": busy_timeout, "check_same_thread": False}
        if sqlite_file(url) is None:
            kwargs["poolclass"] = StaticPool  # one shared in-memory database, not one per connection
    else:
        kwargs["pool_pre_ping"] = True
        if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
            # A row another analyst's session holds locked: give up with a message instead of hanging.
            kwargs["connect_args"] = {"options": f"-c lock_timeout={int(busy_timeout * 1000)}", "connect_timeout": 10}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise LibraryError(f"cannot use the database URL {describe(url)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # We issue BEGIN ourselves (see _sqlite_begin): pysqlite's own transaction handling
    # would leave DDL (migrations) outside transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no committed transaction's integrity
    cursor.close()
    # SQLite's own lower() folds ASCII only, so searching "élysée" would miss "Élysée".
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _sqlite_connect_read_only(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _sqlite_begin(connection) -> None:
    if connection.get_execution_options().get("readout_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@dataclass(frozen=True)
class SqliteFile:
    """What a look at a library file found, without changing it."""

    revision: str | None = None  # its schema revision; None: an empty library
    missing: bool = False  # no file there yet
    read_only: str = ""  # why it cannot be written ("" when it can)


def _inspect_sqlite_file(path: Path, url: str, busy_timeout: float) -> SqliteFile:
    """Look at an existing SQLite file without changing it: its schema revision, whether it is there, whether it can be written."""
    where = str(path)
    if not path.exists():
        folder = path.parent
        if not folder.is_dir():
            raise LibraryError(f"cannot create the library {where}: the folder {folder} does not exist")
        if not _can_write_in(folder):
            raise LibraryReadOnlyError(f"cannot create the library {where}: the folder is read-only")
        return SqliteFile(missing=True)
    if path.is_dir():
        raise LibraryCorruptError(f"{where} is a folder, not a library file")
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise LibraryReadOnlyError(f"the library {where} cannot be read (permission denied)") from None
    wal = path.with_name(path.name + "-wal")
    if not magic and not (wal.exists() and wal.stat().st_size):
        # Not a library this program made (it makes new ones whole, then puts them in place): a
        # file emptied by a failed copy or sync, or made by hand. Setting it up as a new library
        # would hide that the analyst's events are not in it.
        raise LibraryCorruptError(
            f"{where} is an empty file (0 bytes), not a library; it was left untouched — if it held your events, "
            "restore it from a backup; to start a new library there, delete it"
        )
    if magic and magic != SQLITE_MAGIC:
        raise LibraryCorruptError(f"{where} is not a Readout Compare library (not a SQLite database); it was left untouched")
    read_only = _why_read_only(path)
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    if not wal.exists():
        # No write-ahead log: nobody has it open for writing, and nothing is waiting to be checkpointed.
        # "immutable" keeps SQLite from creating -wal/-shm files beside a file we may refuse.
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise database_error(exc, url) from None
    if revision is not None:
        return SqliteFile(revision, read_only=read_only)
    if tables - {"alembic_version"} and not tables & OUR_TABLES:
        raise LibraryCorruptError(f"{where} is a SQLite database of another program, not a Readout Compare library; it was left untouched")
    if tables & OUR_TABLES:
        # An empty alembic_version (or none) beside our tables: upgrading would fail half-way
        # ("table events already exists"); say what it is instead.
        raise LibraryCorruptError(f"{where} has library tables but no schema revision; it was left untouched")
    if read_only:
        raise LibraryReadOnlyError(f"the library {where} is read-only ({read_only}) and empty; nothing was changed")
    return SqliteFile(None)


def _why_read_only(path: Path) -> str:
    """Why the library file cannot be changed ("" when it can): tried, not read off permission bits."""
    try:
        with open(path, "r+b"):
            pass
    except PermissionError:
        return "the file is read-only"
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "it is on a read-only disk" if exc.errno == errno.EROFS else "the file is read-only"
        raise LibraryError(f"the library {path} cannot be opened: {exc.strerror or exc}") from None
    if not _can_write_in(path.parent):
        return "its folder is read-only"  # SQLite keeps its journal beside the file
    return ""


def _can_write_in(folder: Path) -> bool:
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is None and set(inspect(conn).get_table_names()) & OUR_TABLES:
            raise LibraryCorruptError(f"{describe(str(engine.url))} has library tables but no schema revision; it was left untouched")
        return revision


def _refuse_unknown(revision: str | None, url: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise LibraryNewerError(
            f"the library {describe(url)} was written by a newer version of Readout Compare "
            f"(schema {revision}; this version knows up to {head_revision()}); it was left untouched — "
            "upgrade Readout Compare to open it"
        )


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy the library aside before migrating it (SQLite's backup API: consistent even with a WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-before-upgrade-{stamp}-{revision}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}-before-upgrade-{stamp}-{revision}-{n}{path.suffix}")
        n += 1
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        target.unlink(missing_ok=True)
        raise LibraryError(f"could not copy {path} aside before upgrading it ({exc}); nothing was changed") from None
    finally:
        source.close()
    return target


def _upgrade(engine: Engine, revision: str = "head", samples: str | None = None) -> None:
    """Migrate to ``revision`` in one transaction; ``samples`` ("pending"): a new library that is
    to get the bundled samples, said in the same transaction, so an interruption before they
    are in leaves a library that gets them at its next opening."""
    cfg = migrations_config()
    with engine.execution_options(readout_write=True).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if samples and revision == "head":
            conn.execute(update(LibraryState).values(samples=samples))
