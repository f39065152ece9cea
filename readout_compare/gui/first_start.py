"""Whether Qt's platform plugin can load here, asked before any QApplication exists.

When it cannot, Qt prints several lines and aborts the process (a core dump on many systems),
and what it says can mislead: on a fresh Debian it asks for "xcb-cursor0 or libxcb-cursor0"
while the libraries actually missing are libxcb-icccm4 and libxcb-keysyms1, and it says the
same with no X display at all. ``platform_problem()`` looks first, without loading Qt: it reads
which platform Qt would use (QT_QPA_PLATFORM, else X11 or Wayland from the session), finds that
platform's plugin (QT_QPA_PLATFORM_PLUGIN_PATH, QT_PLUGIN_PATH, else PySide6's own), asks the
system's loader (``ldd``) which of the libraries it needs are not installed, and maps them to
the packages that provide them on Debian/Ubuntu and on Fedora. Then it checks that there is a
display. The answer is one line, or None when the window can open. Linux only: elsewhere Qt
brings what it needs.

No Qt is imported here (importing the PySide6 package only finds its folder).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Mapping

# The shared libraries Qt's X11 plugin loads, and the packages that hold them:
# (Debian/Ubuntu, Fedora). What a minimal Debian 12 lacked is the README's list.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}
PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}
NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def chosen_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt would load: the first of QT_QPA_PLATFORM ("wayland;xcb"), else
    Wayland in a Wayland session, else X11."""
    given = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if given:
        return given
    if env.get("WAYLAND_DISPLAY") and (env.get("XDG_SESSION_TYPE") == "wayland" or not env.get("DISPLAY")):
        return "wayland"
    return "xcb"


def plugin_file(platform: str, env: Mapping[str, str]) -> Path | None:
    """Where the platform's plugin is, as Qt would look for it; None when it cannot be found."""
    name = PLUGIN_FILES.get(platform)
    if name is None:
        return None
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    try:
        import PySide6  # the package only: no Qt library is loaded by this

        folders.append(Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms")
    except ImportError:
        pass
    return next((f / name for f in folders if (f / name).is_file()), None)


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries ``plugin`` needs that the system's loader cannot find (none when ``ldd`` is absent)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(NOT_FOUND.findall(out)))


def packages_line(missing: list[str]) -> str:
    """The libraries and the commands that install them, on Debian/Ubuntu and on Fedora."""
    debian = list(dict.fromkeys(PACKAGES[m][0] for m in missing if m in PACKAGES))
    fedora = list(dict.fromkeys(PACKAGES[m][1] for m in missing if m in PACKAGES))
    unknown = [m for m in missing if m not in PACKAGES]
    parts = []
    if debian:
        parts.append(f"on Debian/Ubuntu: sudo apt-get install {' '.join(debian)}; on Fedora: sudo dnf install {' '.join(fedora)}")
    if unknown:
        parts.append(f"install the package that provides {', '.join(unknown)}")
    return "; ".join(parts)


def platform_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open here, in one line; None when Qt's platform plugin should load."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = chosen_platform(env)
    if platform not in PLUGIN_FILES:
        return None  # offscreen, minimal, vnc…: nothing from the desktop is needed
    plugin = plugin_file(platform, env)
    if plugin is not None:
        missing = missing_libraries(plugin)
        if missing:
            return (f"the window cannot open: Qt's {'X11' if platform == 'xcb' else 'Wayland'} plugin needs "
                    f"{', '.join(missing)}, not installed here; {packages_line(missing)} "
                    "(or use 'readout-compare report' or 'gui --screenshot PATH', which need no display)")
    if not env.get("QT_QPA_PLATFORM") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return "no display to open the window on; use 'readout-compare report' or 'gui --screenshot PATH', or set QT_QPA_PLATFORM"
    if platform == "xcb" and not env.get("DISPLAY"):
        return ("no X display to open the window on (DISPLAY is not set); use 'readout-compare report' "
                "or 'gui --screenshot PATH', or set QT_QPA_PLATFORM")
    if platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return ("no Wayland display to open the window on (WAYLAND_DISPLAY is not set); use 'readout-compare report' "
                "or 'gui --screenshot PATH', or set QT_QPA_PLATFORM")
    return None
