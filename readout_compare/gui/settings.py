"""Where the window keeps what it remembers between runs (last comparison, layout, zoom, sync)."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    # INI format everywhere: readable, and tests can point it at a temporary folder with setPath.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "readout-compare", "readout-compare")


def last_files() -> list[str]:
    value = settings().value("comparison/files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def remember_files(paths: list[str]) -> None:
    s = settings()
    s.setValue("comparison/files", list(paths))
    s.sync()
