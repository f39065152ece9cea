"""Libraries to test against: a SQLite file, an in-memory SQLite, and a real PostgreSQL server.

The PostgreSQL tests run when READOUT_COMPARE_TEST_PG names a server's database (.ci/run starts
one); each test gets that database emptied first.
"""

import os

import pytest
from sqlalchemy import MetaData, create_engine

from readout_compare.core.ingest import account_from_text
from readout_compare.store.database import open_library

from .accounts import NORLAND, SOUTHMARK

PG_URL = os.environ.get("READOUT_COMPARE_TEST_PG", "")
needs_pg = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server: set READOUT_COMPARE_TEST_PG (.ci/run does)")


def empty_pg_database(url: str) -> None:
    """Drop every table (ours and alembic's): each test starts from an empty database."""
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()


@pytest.fixture
def accounts():
    return [account_from_text(NORLAND, "a"), account_from_text(SOUTHMARK, "b")]


@pytest.fixture
def account_files(tmp_path):
    a, b = tmp_path / "norland.txt", tmp_path / "southmark.txt"
    a.write_text(NORLAND, encoding="utf-8")
    b.write_text(SOUTHMARK, encoding="utf-8")
    return [str(a), str(b)]


@pytest.fixture
def library_file(tmp_path):
    return tmp_path / "library.sqlite"


@pytest.fixture
def pg_url():
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set READOUT_COMPARE_TEST_PG (.ci/run does)")
    empty_pg_database(PG_URL)
    return PG_URL


@pytest.fixture(params=["sqlite-file", "sqlite-memory", "postgresql"])
def library(request, tmp_path):
    """An empty, open library on each kind of database."""
    if request.param == "sqlite-file":
        url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    elif request.param == "sqlite-memory":
        url = "sqlite://"
    else:
        url = request.getfixturevalue("pg_url")
    lib = open_library(url, seed=False)
    yield lib
    lib.close()


@pytest.fixture(params=["sqlite-file", "postgresql"])
def shared_url(request, tmp_path):
    """A database two windows (two Library objects) can open at once."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'library.sqlite'}"
