"""Library speed: open a library of 1,000 events, search it, save a judgement.

Targets on SQLite: open under 1 s, search under 200 ms, save under 50 ms.
Run from the repository root:  python benchmarks/bench_store.py [--events 1000] [--db URL]
(default: a fresh SQLite file in a temporary folder; --db may name an empty PostgreSQL database).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from readout_compare.core.compare import compare  # noqa: E402
from readout_compare.core.ingest import account_from_text  # noqa: E402
from readout_compare.store import repository as repo  # noqa: E402
from readout_compare.store.database import open_library  # noqa: E402
from readout_compare.store.seed import bundled_samples  # noqa: E402


def timed(fn, repeat=5):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build(url: str, events: int) -> None:
    """Store the bundled samples over and over (aligned once each) until the library holds ``events``."""
    samples = []
    for title, date, files in bundled_samples():
        accounts = [account_from_text(f.read_text(encoding="utf-8"), default_label=f.name, name=f.name) for f in files]
        samples.append((title, date, accounts, compare(accounts)))
    library = open_library(url, seed=False)
    start = time.perf_counter()
    for n in range(events):
        title, date, accounts, comparison = samples[n % len(samples)]
        with library.write() as s:
            repo.create_event(s, f"{title} (copy {n})", accounts, comparison, date=date)
    print(f"built {events} events ({len(samples)} samples repeated) in {time.perf_counter() - start:.1f} s")
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--db", default=None, help="an empty database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(folder.name) / 'library.sqlite'}"
    build(url, args.events)

    def open_and_list():
        library = open_library(url, seed=False)
        with library.read() as s:
            events = repo.list_events(s)
        library.close()
        return events

    t, events = timed(open_and_list)
    print(f"open the library and list its {len(events)} events: {t * 1000:.0f} ms (target < 1000 ms)")

    library = open_library(url, seed=False)
    for query, what in [
        ("Pyongyang", "a title word"),
        ("Kremlin", "an account label/source"),
        ("unrest", "a word of the full text"),
        ("xylophone", "a word found nowhere (reads every text)"),
        ("missile defensive", "two words"),
    ]:
        def search():
            with library.read() as s:
                return repo.search_events(s, query)
        t, found = timed(search)
        print(f"search {what} {query!r}: {len(found)} events in {t * 1000:.0f} ms (target < 200 ms)")

    event = events[len(events) // 2].id
    with library.read() as s:
        t_load, stored = timed(lambda: repo.load_event(s, event))
    print(f"load one event with its judgements: {t_load * 1000:.1f} ms")
    a, b = stored.comparison.claims[0][0].id, stored.comparison.claims[1][-1].id
    version = stored.version
    save_times = []
    for n in range(20):
        start = time.perf_counter()
        with library.write() as s:
            if n % 2:
                version = repo.annotate(s, event, [a], tag="omission — significant", note=f"note {n}", expected_version=version).version
            else:
                version = repo.link_claims(s, event, a, b, "conflict", expected_version=version).version
        save_times.append(time.perf_counter() - start)
    print(f"save a judgement (link or annotation, one transaction): median {statistics.median(save_times) * 1000:.1f} ms, "
          f"worst {max(save_times) * 1000:.1f} ms (target < 50 ms)")
    library.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
