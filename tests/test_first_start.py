"""First start on a desktop that lacks what Qt's platform plugin needs: one line naming the
libraries and the packages to install, exit status 2, never Qt's abort (and its core dump)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISSING = "libreadout-compare-test-missing.so.0"  # a library no system has


def run_window(env_changes: dict[str, str | None], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM_PLUGIN_PATH")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "readout_compare", "gui"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)  # not -6 / 134: Qt did not abort
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("readout-compare: "), result.stderr
    assert "qt.qpa" not in result.stderr and "Traceback" not in result.stderr and "Aborted" not in result.stderr
    return lines[0]


@pytest.fixture
def plugin_missing_a_library(tmp_path):
    """A platform plugin folder whose X11 plugin needs a library that is not installed (made with
    the C compiler: a stub linked against a stub library that is then taken away)."""
    if not sys.platform.startswith("linux") or shutil.which("gcc") is None or shutil.which("ldd") is None:
        pytest.skip("needs Linux, gcc and ldd to make a plugin with a missing library")
    build = tmp_path / "build"
    build.mkdir()
    (build / "gone.c").write_text("int readout_gone(void) { return 0; }\n")
    (build / "plugin.c").write_text("int readout_gone(void);\nint readout_plugin(void) { return readout_gone(); }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", f"-Wl,-soname,{MISSING}", "-o", str(build / MISSING), str(build / "gone.c")], check=True)
    (build / "libreadout-compare-test-missing.so").symlink_to(build / MISSING)
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(platforms / "libqxcb.so"), str(build / "plugin.c"),
                    f"-L{build}", "-lreadout-compare-test-missing", "-Wl,--no-as-needed"], check=True)
    shutil.rmtree(build)  # the library the plugin needs is gone
    return platforms


def test_a_platform_plugin_missing_a_library_is_one_line_naming_it(tmp_path, plugin_missing_a_library):
    line = one_line_refusal(run_window(
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99", "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_missing_a_library)}, tmp_path))
    assert f"needs {MISSING}, not installed here" in line
    assert "gui --screenshot PATH" in line


def test_the_x11_platform_without_a_display_is_one_line(tmp_path):
    line = one_line_refusal(run_window({"QT_QPA_PLATFORM": "xcb"}, tmp_path))
    assert "no X display" in line and "DISPLAY is not set" in line
    assert "xcb-cursor0" not in line  # Qt's guess, wrong here: nothing is missing but the display


def test_the_missing_libraries_are_named_with_their_packages():
    from readout_compare.gui.first_start import packages_line

    line = packages_line(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-xinerama.so.0", "libxcb-randr.so.0"])
    assert "on Debian/Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxcb-randr0" in line
    assert "on Fedora: sudo dnf install xcb-util-wm xcb-util-keysyms libxcb;" not in line  # one line, no dangling separator
    assert line.endswith("on Fedora: sudo dnf install xcb-util-wm xcb-util-keysyms libxcb")
    assert packages_line(["libodd.so.3"]) == "install the package that provides libodd.so.3"


def test_which_platform_qt_would_use():
    from readout_compare.gui.first_start import chosen_platform, platform_problem

    assert chosen_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert chosen_platform({"DISPLAY": ":0"}) == "xcb"
    assert chosen_platform({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}) == "wayland"
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None  # needs nothing of the desktop
