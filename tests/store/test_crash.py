"""A writer killed mid-save loses nothing that was committed, and leaves a library that opens."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from readout_compare.core.compare import compare
from readout_compare.store import repository as repo
from readout_compare.store.database import open_library

ROOT = Path(__file__).resolve().parents[2]

# Each round annotates a claim, then re-aligns the event (a large write: every claim and link
# replaced), and reports the round only once both are committed.
WRITER = textwrap.dedent(
    """
    import sys
    from readout_compare.store.database import open_library
    from readout_compare.store import repository as repo
    from readout_compare.events import realign_event
    library = open_library(sys.argv[1], seed=False)
    event, claim = int(sys.argv[2]), sys.argv[3]
    n = 0
    while True:
        with library.write() as s:
            repo.annotate(s, event, [claim], tag=f"round {n}")
        realign_event(library, event)
        print(n, flush=True)
        n += 1
    """
)


def test_killed_writer_loses_nothing_committed(shared_url, accounts):
    library = open_library(shared_url, seed=False)
    with library.write() as s:
        event = repo.create_event(s, "Berg–Vale call", accounts, compare(accounts)).id
        claim = repo.load_event(s, event).comparison.claims[0][2].id
    library.close()

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, shared_url, str(event), claim],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    committed = []
    try:
        while len(committed) < 15:
            line = writer.stdout.readline()
            assert line, writer.stderr.read()
            committed.append(int(line))
    finally:
        writer.send_signal(signal.SIGKILL)  # no clean-up, no rollback: as if the power went
        writer.wait()

    library = open_library(shared_url, seed=False)
    try:
        with library.read() as s:
            stored = repo.load_event(s, event)
        tags = [a.tag for a in stored.annotations]
        assert tags[: len(committed)] == [f"round {n}" for n in committed]
        assert len(tags) <= len(committed) + 1  # at most the round in flight, if its commit landed
        assert stored.orphaned == [] and all(a.claims == (claim,) for a in stored.annotations)
        assert sum(len(c) for c in stored.comparison.claims) > 0
        if library.path is not None:
            with library.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with library.write() as s:  # and the library takes new work
            repo.annotate(s, event, [claim], tag="after the crash")
    finally:
        library.close()
