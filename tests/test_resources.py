"""Where shipped files are found: inside the installed package, else in the source checkout."""

from pathlib import Path

import pytest

from readout_compare import resources


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A stand-in for the imported readout_compare package, at tmp_path/readout_compare."""
    folder = tmp_path / "readout_compare"
    folder.mkdir()
    monkeypatch.setattr(resources, "files", lambda name: folder)
    resources.shipped_folder.cache_clear()
    yield folder
    resources.shipped_folder.cache_clear()


def test_an_installed_package_reads_its_own_copy(package):
    (package / "samples").mkdir()
    (package.parent / "samples").mkdir()
    (package.parent / "pyproject.toml").write_text("")
    assert Path(str(resources.samples_folder())) == package / "samples"


def test_a_source_checkout_reads_the_top_level_folder(package):
    (package.parent / "resources").mkdir()
    (package.parent / "resources" / "glossary.txt").write_text("JCPOA = the nuclear deal\n", encoding="utf-8")
    (package.parent / "pyproject.toml").write_text("")
    assert resources.read_resource("glossary.txt") == "JCPOA = the nuclear deal\n"


def test_a_folder_beside_an_installed_package_is_not_taken_for_ours(package):
    # site-packages/samples belongs to someone else: without a pyproject.toml it is no checkout
    (package.parent / "samples").mkdir()
    assert not resources.samples_folder().is_dir()
    with pytest.raises(resources.UnknownSample):
        resources.sample_files("anything")


def test_this_checkout_finds_its_resources_and_samples():
    assert "JCPOA" in resources.read_resource("glossary.txt")
    assert len(resources.sample_files()) == 2
