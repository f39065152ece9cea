"""The embedded default: a SQLite file in the user's data folder, with the samples on first run."""

import json

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
