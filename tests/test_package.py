"""The package builds and installs anywhere: an sdist, a wheel built from that sdist (as pip builds
one), installed into a fresh virtual environment and run from a folder outside the checkout.

The environment is made with --system-site-packages and the wheel installed with --no-deps, so
PySide6 and the other dependencies come from this machine and nothing is downloaded; the build
runs without isolation for the same reason (``build`` and ``hatchling`` are in the test extra).
Built once for the module: the commands below share it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "rouhani-macron-2018-01"
LABELS = ("Iranian presidency", "Élysée")  # the sample's two accounts, as its files name them


def checkout_version() -> str:
    tree = ast.parse((ROOT / "readout_compare" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return node.value.value
    raise AssertionError("readout_compare/__init__.py has no __version__")


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


class Installed:
    """The built distributions and the environment the wheel is installed in."""

    def __init__(self, base: Path):
        self.base = base
        self.dist = base / "dist"
        self.venv = base / "venv"
        self.elsewhere = base / "elsewhere"  # the working directory: not the checkout, nothing of ours in it
        self.elsewhere.mkdir()
        scripts = self.venv / ("Scripts" if os.name == "nt" else "bin")
        suffix = ".exe" if os.name == "nt" else ""
        self.python = scripts / f"python{suffix}"
        self.command = scripts / f"readout-compare{suffix}"
        self.window_command = scripts / f"readout-compare-window{suffix}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "READOUT_COMPARE_DB", "VIRTUAL_ENV")}
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            # the lexical matcher: if the semantic extra is on this machine, loading its model
            # would only slow this test, which is about the package, not the matcher
            READOUT_COMPARE_MATCHER="lexical",
            # nothing read from or written to the user's folders
            HOME=str(base / "home"), XDG_CONFIG_HOME=str(base / "config"), XDG_DATA_HOME=str(base / "data"),
            XDG_CACHE_HOME=str(base / "cache"),
        )

    def wheel(self) -> Path:
        return next(self.dist.glob("*.whl"))

    def sdist(self) -> Path:
        return next(self.dist.glob("*.tar.gz"))

    def readout_compare(self, *args: str) -> subprocess.CompletedProcess:
        return run([str(self.command), *args], cwd=self.elsewhere, env=self.env)

    def python_code(self, code: str) -> str:
        return run([str(self.python), "-c", code], cwd=self.elsewhere, env=self.env).stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    here = Installed(tmp_path_factory.mktemp("package"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # No --sdist/--wheel: build makes the sdist, then the wheel from the unpacked sdist, as pip would.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(here.dist), str(ROOT)], cwd=here.base, env=env)
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(here.venv)], cwd=here.base, env=env)
    # pip comes from the system site-packages; the wheel goes into the venv. --force-reinstall:
    # an editable install of the same version outside the venv must not count as "already there".
    run([str(here.python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
         "--disable-pip-version-check", "--no-warn-script-location", str(here.wheel())], cwd=here.base, env=here.env)
    return here


def test_the_sdist_carries_resources_and_samples_and_the_wheel_has_them_inside_the_package(installed):
    with tarfile.open(installed.sdist()) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"resources/glossary.txt", f"samples/{SAMPLE}/gold.json", "pyproject.toml"} <= names
    # no copies (or symlinks) inside the package in the source: they live once, at the top
    assert not any(name in ("readout_compare/resources", "readout_compare/samples")
                   or name.startswith(("readout_compare/resources/", "readout_compare/samples/")) for name in names)
    with zipfile.ZipFile(installed.wheel()) as wheel:
        names = set(wheel.namelist())
        entry_points = next(wheel.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert {"readout_compare/resources/glossary.txt", "readout_compare/resources/places.txt",
            f"readout_compare/samples/{SAMPLE}/gold.json"} <= names
    assert "[console_scripts]\nreadout-compare = readout_compare.cli:main" in entry_points
    assert "[gui_scripts]\nreadout-compare-window = readout_compare.cli:window_main" in entry_points


def test_one_version_everywhere(installed):
    version = checkout_version()
    assert installed.wheel().name.startswith(f"readout_compare-{version}-")
    assert installed.readout_compare("--version").stdout.strip() == f"readout-compare {version}"


def test_the_installed_package_is_the_one_that_runs(installed):
    out = installed.python_code(
        "import readout_compare, readout_compare.resources as r\n"
        "print(readout_compare.__file__); print(r.samples_folder()); print(r.resource('glossary.txt'))"
    )
    venv = installed.venv.resolve()
    for line in out.splitlines():
        path = Path(line).resolve()
        assert path.is_relative_to(venv), f"{path} is not inside the new environment"
        assert not path.is_relative_to(ROOT), f"{path} comes from the checkout"
    assert installed.window_command.is_file()  # the gui-scripts entry point is installed too


def test_align_a_bundled_sample_from_the_installed_package(installed):
    files = installed.python_code(
        f"from readout_compare.resources import sample_files\nprint('\\n'.join(sample_files({SAMPLE!r})))"
    ).splitlines()
    assert len(files) == 2 and all(Path(f).resolve().is_relative_to(installed.venv.resolve()) for f in files)
    out = installed.readout_compare("align", *files).stdout
    for label in LABELS:
        assert label in out, out


def test_the_window_screenshot_from_the_installed_package(installed):
    from PySide6.QtGui import QImage

    shot = installed.elsewhere / "out.png"
    result = installed.readout_compare("gui", "--screenshot", str(shot))
    # the application's own messages start so (Qt's offscreen plugin may add notes of its own)
    assert "readout-compare:" not in result.stderr, result.stderr
    assert shot.is_file() and shot.stat().st_size > 20_000
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1400, 900)
    # a window with accounts in it, not a blank or single-colour frame
    colours = {image.pixel(x, y) for x in range(0, 1400, 20) for y in range(0, 900, 20)}
    assert len(colours) > 20


def test_the_window_entry_point_is_the_gui_command(monkeypatch):
    from readout_compare import cli

    seen = {}
    monkeypatch.setattr(cli, "run_gui", lambda args: seen.update(files=args.files, screenshot=args.screenshot, db=args.db) or 0)
    monkeypatch.setattr(sys, "argv", ["readout-compare-window", "--db", "sqlite://", "--screenshot", "w.png", "a.txt", "b.txt"])
    assert cli.window_main() == 0
    assert seen == {"files": ["a.txt", "b.txt"], "screenshot": "w.png", "db": "sqlite://"}
