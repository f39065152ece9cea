"""The database worker: edits run off the caller's thread, one at a time, in order."""

import threading

import pytest

from readout_compare.core.compare import compare
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library
from readout_compare.store.errors import ConcurrentEditError
from readout_compare.store.worker import LibraryWorker


def test_worker_runs_edits_in_order_on_its_own_thread(tmp_path, accounts):
    library = open_library(f"sqlite:///{tmp_path / 'library.sqlite'}", seed=False)
    worker = LibraryWorker(library)
    threads = set()

    def create(session):
        threads.add(threading.current_thread().name)
        return repo.create_event(session, "Berg–Vale call", accounts, compare(accounts))

    saved = worker.write(create).result(timeout=30)
    claim = worker.read(lambda s: repo.load_event(s, saved.id).comparison.claims[0][0].id).result(timeout=30)
    futures = [worker.write(repo.annotate, saved.id, [claim], tag=f"note {n}") for n in range(10)]
    versions = [f.result(timeout=30).version for f in futures]
    assert versions == sorted(versions) and len(set(versions)) == 10
    stale = worker.write(repo.annotate, saved.id, [claim], tag="stale", expected_version=saved.version)
    with pytest.raises(ConcurrentEditError):
        stale.result(timeout=30)
    tags = worker.read(lambda s: [a.tag for a in repo.load_event(s, saved.id).annotations]).result(timeout=30)
    assert tags == [f"note {n}" for n in range(10)]
    assert threads and threading.current_thread().name not in threads
    worker.close()
    library.close()
