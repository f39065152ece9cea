"""The embedded default: a SQLite file in the user's data folder, with the samples on first run."""

import json

from readout_compare.core.compare import compare
from readout_compare.store import database, repository as repo, seed
from readout_compare.store.database import open_library


def test_default_library_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("READOUT_COMPARE_DB", raising=False)
    assert database.default_path() == tmp_path / "data" / "readout-compare" / "library.sqlite"


def test_first_run_creates_the_library_with_the_bundled_samples(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("READOUT_COMPARE_DB", raising=False)
    samples = seed.bundled_samples()
    assert samples, "the samples are bundled with the package"
    library = open_library()
    try:
        assert library.path == tmp_path / "data" / "readout-compare" / "library.sqlite"
        with library.read() as s:
            events = repo.list_events(s)
        assert sorted(e.title for e in events) == sorted(title for title, _, _ in samples)
        rouhani = next(e for e in events if "Rouhani" in e.title)
        assert rouhani.accounts == ("Iranian presidency", "Élysée") and rouhani.date == "2018-01-02"
    finally:
        library.close()
    again = open_library()  # the second run does not add them again
    with again.read() as s:
        assert len(repo.list_events(s)) == len(samples)
    again.close()


def test_the_variable_points_elsewhere_and_is_not_seeded(monkeypatch, tmp_path):
    monkeypatch.setenv("READOUT_COMPARE_DB", f"sqlite:///{tmp_path / 'team.sqlite'}")
    library = open_library()
    with library.read() as s:
        assert repo.list_events(s) == []
    assert library.path == tmp_path / "team.sqlite"
    library.close()


def test_a_broken_sample_is_skipped_not_fatal(monkeypatch, tmp_path):
    folder = tmp_path / "samples"
    (folder / "good").mkdir(parents=True)
    (folder / "good" / "a.txt").write_text("---\nlabel: A\n---\nThe ministers met in the capital on Monday.\n", encoding="utf-8")
    (folder / "good" / "b.txt").write_text("---\nlabel: B\n---\nThe ministers held talks in the capital.\n", encoding="utf-8")
    (folder / "good" / "gold.json").write_text(json.dumps({"title": "Good", "accounts": ["a.txt", "b.txt"]}), encoding="utf-8")
    (folder / "broken").mkdir()
    (folder / "broken" / "gold.json").write_text(json.dumps({"title": "Broken", "accounts": ["gone.txt", "b.txt"]}), encoding="utf-8")
    monkeypatch.setattr(seed, "samples_folder", lambda: folder)
    library = open_library("sqlite://", seed=True)
    with library.read() as s:
        assert [e.title for e in repo.list_events(s)] == ["Good"]
    library.close()


# -- an interrupted first run ---------------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

FIRST_RUN_KILLED = textwrap.dedent(
    """
    import os, sys
    from readout_compare.store import repository, seed
    stored = []
    real = repository.create_event

    def create_event(*args, **kwargs):
        if len(stored) == int(sys.argv[1]):
            os._exit(9)  # as kill -9: no clean-up, no rollback
        stored.append(1)
        return real(*args, **kwargs)

    repository.create_event = create_event
    if hasattr(seed, "create_event"):
        seed.create_event = create_event
    from readout_compare.cli import main
    sys.exit(main(["list"]))
    """
)


def _run(code: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    import readout_compare

    here = str(Path(readout_compare.__file__).resolve().parents[1])
    env = dict(env, PYTHONPATH=here + os.pathsep + env.get("PYTHONPATH", ""), READOUT_COMPARE_MATCHER="lexical")
    env.pop("READOUT_COMPARE_DB", None)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize("after", [0, 1, 4])
def test_a_first_run_killed_while_storing_the_samples_leaves_all_of_them_at_the_next(after, tmp_path):
    """The issue's case: killed 1.4-2.6 s into the first `list`, the library kept 0, 1 or 4 of the
    7 samples for ever. Now the next run finds all of them."""
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"))
    killed = _run(FIRST_RUN_KILLED, str(after), env=env)
    assert killed.returncode == 9
    again = _run("import sys; from readout_compare.cli import main; sys.exit(main(['list']))", env=env)
    assert again.returncode == 0, again.stderr
    import re

    titles = sorted(re.match(r"\s*\d+\s+\S+\s+(.*?)\s+\[", line).group(1) for line in again.stdout.splitlines() if line.strip())
    assert titles == sorted(title for title, _, _ in seed.bundled_samples())
    folder = tmp_path / "data" / "readout-compare"
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["library.sqlite"]


def _old_library_with(path: Path, samples: int, annotated: bool = False):
    """A default library as the previous version left it when its first run was cut short."""
    from readout_compare.core.ingest import account_from_text
    from readout_compare.store.database import Library, _make_engine, _upgrade

    url = f"sqlite:///{path}"
    engine = _make_engine(url, 5)
    _upgrade(engine, "0002")
    library = Library(engine, url, path)
    for title, date, files in seed.bundled_samples()[:samples]:
        accounts = [account_from_text(f.read_text(encoding="utf-8"), f.stem) for f in files]
        with library.write() as s:
            event_id = repo.create_event(s, title, accounts, compare(accounts), date=date).id
            if annotated:
                claim = repo.load_event(s, event_id).comparison.claims[0][0].id
                repo.annotate(s, event_id, [claim], tag="mine")
    engine.dispose()


def test_an_older_library_left_with_some_of_the_samples_gets_the_rest(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("READOUT_COMPARE_DB", raising=False)
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "lexical")
    path = database.default_path()
    path.parent.mkdir(parents=True)
    _old_library_with(path, 1)
    library = open_library()
    with library.read() as s:
        assert len(repo.list_events(s)) == len(seed.bundled_samples())
    library.close()


def test_an_older_library_the_analyst_has_worked_in_is_left_as_it_is(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("READOUT_COMPARE_DB", raising=False)
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "lexical")
    path = database.default_path()
    path.parent.mkdir(parents=True)
    _old_library_with(path, 2, annotated=True)
    for _ in range(2):  # and it stays so
        library = open_library()
        with library.read() as s:
            assert len(repo.list_events(s)) == 2
        library.close()
