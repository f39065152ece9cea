"""The library's embedding cache: what the semantic model made of a claim, kept between sessions,
so the same accounts compared again in a later session are not encoded again."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from alembic import command
from sqlalchemy import inspect, text

from readout_compare.core import semantic
from readout_compare.core.compare import Settings, compare
from readout_compare.core.semantic import EMBEDDING_SIZE, SemanticMatcher, text_key
from readout_compare.store import LibraryEmbeddings, LibraryWorker, open_library
from readout_compare.store import repository as repo
from readout_compare.store.database import _make_engine, _upgrade, migrations_config

MODEL = "stand-in-model"


class CountingModel:
    """Stands in for the semantic model: one unit vector per text, and every text it was asked to encode."""

    name = MODEL
    loaded = True

    def __init__(self):
        self.encoded: list[str] = []

    def load(self) -> None:
        pass

    def encode(self, texts):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), EMBEDDING_SIZE), dtype=np.float32)
        for row, t in enumerate(texts):
            out[row] = np.random.default_rng(sum(map(ord, t)) + len(t)).standard_normal(EMBEDDING_SIZE)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def new_process(monkeypatch):
    """As if in a new session: nothing remembered by the process."""
    monkeypatch.setattr(semantic, "embeddings", semantic.EmbeddingCache())


def vectors(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {text_key(f"claim {i}"): rng.standard_normal(EMBEDDING_SIZE).astype(np.float32) for i in range(n)}


def test_kept_vectors_come_back_the_same_by_model_and_key(library):
    cache = LibraryEmbeddings(library)
    kept = vectors(1_200)  # more than one statement's worth of keys
    cache.put_many(MODEL, kept)
    cache.flush()
    found = cache.get_many(MODEL, [*kept, text_key("never seen")])
    assert set(found) == set(kept)
    assert all(found[k].dtype == np.float32 and np.array_equal(found[k], v) for k, v in kept.items())
    assert cache.get_many("another-model", list(kept)[:5]) == {}
    # kept again (another window, another session): no error, the first vectors stay
    cache.put_many(MODEL, {k: v + 1 for k, v in list(kept.items())[:10]})
    cache.flush()
    again = cache.get_many(MODEL, list(kept)[:10])
    assert all(np.array_equal(again[k], kept[k]) for k in again) and len(again) == 10


def test_reads_and_writes_run_on_the_database_thread(library):
    worker = LibraryWorker(library)
    threads = []

    def submit(fn):
        def run():
            threads.append(threading.current_thread().name)
            return fn()
        return worker._pool.submit(run)

    cache = LibraryEmbeddings(library, submit=submit)
    kept = vectors(3)
    cache.put_many(MODEL, kept)
    cache.flush()
    assert set(cache.get_many(MODEL, list(kept))) == set(kept)
    worker.close()
    assert len(threads) == 2 and all(name.startswith("readout-library") for name in threads)


def test_a_second_session_comparing_the_same_accounts_encodes_nothing(tmp_path, accounts, new_process, monkeypatch):
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    library = open_library(url, seed=False)
    first_model = CountingModel()
    first = compare(accounts, Settings(matcher=SemanticMatcher(encoder=first_model, store=LibraryEmbeddings(library))))
    library.close()
    assert first_model.encoded and len(set(first_model.encoded)) == len(first_model.encoded)

    monkeypatch.setattr(semantic, "embeddings", semantic.EmbeddingCache())  # a new session
    library = open_library(url, seed=False)
    second_model = CountingModel()
    second = compare(accounts, Settings(matcher=SemanticMatcher(encoder=second_model, store=LibraryEmbeddings(library))))
    library.close()
    assert second_model.encoded == []  # every claim's embedding came from the library
    assert second.links == first.links


def test_without_the_table_the_cache_gives_and_keeps_nothing_and_the_comparison_still_runs(tmp_path, accounts, new_process):
    library = open_library(f"sqlite:///{tmp_path / 'library.sqlite'}", seed=False)
    with library.engine.begin() as conn:
        conn.execute(text("DROP TABLE embeddings"))  # as a library browsed at an older schema
    cache = LibraryEmbeddings(library)
    assert cache.get_many(MODEL, list(vectors(2))) == {}
    model = CountingModel()
    comparison = compare(accounts, Settings(matcher=SemanticMatcher(encoder=model, store=cache)))
    cache.flush()
    assert comparison.links and model.encoded
    library.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_library_of_the_previous_schema_is_upgraded_with_an_empty_cache_and_keeps_its_events(backend, request, tmp_path, accounts):
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'library.sqlite'}"
    engine = _make_engine(url, 5)
    _upgrade(engine, "0004")  # a library written before the cache
    engine.dispose()
    older = open_library(url, seed=False)  # upgraded to the head on opening
    try:
        with older.engine.connect() as conn:
            assert "embeddings" in inspect(conn).get_table_names()
            assert conn.execute(text("SELECT count(*) FROM embeddings")).scalar() == 0
        with older.write() as s:
            repo.create_event(s, "Berg–Vale call", accounts, compare(accounts))
        cache = LibraryEmbeddings(older)
        kept = vectors(2)
        cache.put_many(MODEL, kept)
        cache.flush()
        assert set(cache.get_many(MODEL, list(kept))) == set(kept)
    finally:
        older.close()
    engine = _make_engine(url, 5)
    cfg = migrations_config()
    with engine.execution_options(readout_write=True).begin() as conn:  # and back: the cache goes, the events stay
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        assert "embeddings" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT title FROM events")).scalars().all() == ["Berg–Vale call"]
    engine.dispose()
