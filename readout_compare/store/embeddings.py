"""The library's embedding cache: the semantic model's embeddings of the texts it has read, kept
between sessions (``models.Embedding``), so comparing the same accounts again reads no claim twice.

``LibraryEmbeddings`` is the ``core.semantic.EmbeddingStore`` the engine is given: ``get_many``
and ``put_many``, by model name and text hash, float32 bytes in the table. Both run on the
library's database thread (``submit``: the window's DB worker; without it, the calling thread):
the engine's worker waits for a read, and a write is handed over without waiting (so never call
``get_many`` on the database thread itself: it would wait for itself). It is a cache:
a library open for browsing only, or one whose schema predates the table, gives nothing and keeps
nothing, and a failed read or write costs only the time to encode again.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import Callable, Mapping, Sequence

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .database import Library
from .models import Embedding

log = logging.getLogger(__name__)

VECTOR = np.dtype("<f4")  # float32, little-endian on every machine
BATCH = 500  # keys per statement: well under every database's limit of bound parameters

Submit = Callable[[Callable[[], object]], Future]


def stored_vectors(session: Session, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """The vectors the library keeps for these text hashes (those it lacks left out)."""
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(keys), BATCH):
        chunk = list(keys[start:start + BATCH])
        rows = session.execute(select(Embedding.text_hash, Embedding.vector)
                               .where(Embedding.model == model, Embedding.text_hash.in_(chunk)))
        for text_hash, vector in rows:
            found[text_hash] = np.frombuffer(vector, dtype=VECTOR).astype(np.float32)
    return found


def keep_vectors(session: Session, model: str, vectors: Mapping[str, np.ndarray]) -> None:
    """Keep the vectors the library lacks; one already kept (by another window, say) stays as it is."""
    rows = [{"model": model, "text_hash": key, "vector": np.asarray(vector, dtype=VECTOR).tobytes()} for key, vector in vectors.items()]
    dialect = session.get_bind().dialect.name
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        if dialect in ("sqlite", "postgresql"):
            make = sqlite_insert if dialect == "sqlite" else postgresql_insert
            session.execute(make(Embedding).on_conflict_do_nothing(), chunk)
        else:  # other databases: leave out what is there (a race with another writer is a failed write, no harm)
            there = set(stored_vectors(session, model, [r["text_hash"] for r in chunk]))
            fresh = [r for r in chunk if r["text_hash"] not in there]
            if fresh:
                session.execute(insert(Embedding), fresh)


class LibraryEmbeddings:
    """The library as the semantic matcher's embedding store (``core.semantic.EmbeddingStore``)."""

    def __init__(self, library: Library, submit: Submit | None = None):
        self.library = library
        self._submit = submit
        self._writes: list[Future] = []  # handed over and not yet seen done
        self._lock = threading.Lock()  # several alignment threads may write at once

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}

        def read():
            with self.library.read() as session:
                return stored_vectors(session, model, keys)

        try:
            return self._run(read).result()
        except Exception as exc:  # noqa: BLE001 - e.g. a library browsed at a schema without the table
            log.info("no embeddings read from %s: %s", self.library.name, exc)
            return {}

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors or self.library.read_only:
            return
        vectors = dict(vectors)

        def write():
            with self.library.write() as session:
                keep_vectors(session, model, vectors)

        try:
            future = self._run(write)
        except RuntimeError as exc:  # the database thread has stopped (the window is closing)
            log.info("embeddings not kept: %s", exc)
            return
        future.add_done_callback(_log_failure)
        with self._lock:
            self._writes = [f for f in self._writes if not f.done()] + [future]

    def flush(self, timeout: float | None = None) -> None:
        """Wait for the writes handed over so far."""
        with self._lock:
            writes = list(self._writes)
        for future in writes:
            try:
                future.result(timeout)
            except Exception:  # noqa: BLE001 - logged by _log_failure
                pass

    def _run(self, fn: Callable[[], object]) -> Future:
        if self._submit is not None:
            return self._submit(fn)
        future: Future = Future()
        try:
            future.set_result(fn())
        except Exception as exc:  # noqa: BLE001 - handed to the caller as a failed future
            future.set_exception(exc)
        return future


def _log_failure(future: Future) -> None:
    exc = future.exception()
    if exc is not None:
        log.warning("embeddings not kept: %s", exc)
