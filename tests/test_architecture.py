"""The dependency direction stays one way: core imports neither Qt, nor the database, nor the layers above it."""

import ast
from importlib.resources import files

FORBIDDEN_IN_CORE = ("PySide6", "sqlalchemy", "alembic", "readout_compare.gui", "readout_compare.store", "readout_compare.export")


def imported_modules(source: str, package: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
    return names


def test_core_imports_no_qt_no_database_and_nothing_above_it():
    core = files("readout_compare").joinpath("core")
    offenders = []
    for module in core.iterdir():
        if not module.name.endswith(".py"):
            continue
        for name in imported_modules(module.read_text(encoding="utf-8"), "readout_compare.core"):
            if name.startswith(FORBIDDEN_IN_CORE):
                offenders.append(f"core/{module.name} imports {name}")
    assert offenders == []


def test_the_check_sees_relative_imports():
    # guard against the test above passing because it cannot see anything
    assert "readout_compare.gui.window" in imported_modules("from ..gui.window import X", "readout_compare.core")
    assert "PySide6.QtCore" in imported_modules("from PySide6.QtCore import Qt", "readout_compare.core")
