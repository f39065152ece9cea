"""The dependency direction stays one way: cli > gui > export | store > core; inside gui, the
window > the rooms (comparison | library | briefing, none importing another) > what they share;
and no module imports itself back through others (no import cycle).

The contracts are import-linter's, in pyproject.toml; ``lint-imports`` runs here, so the README's
test command checks them. What import-linter cannot say (it sees an external package only whole,
so not "no PySide6.QtWidgets") is checked below by reading the modules' imports; the import
cycles are also looked for module by module, so a failure names the modules of the circle.
"""

import ast
import json
import os
import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "readout_compare"

FORBIDDEN_IN_CORE = ("PySide6", "sqlalchemy", "alembic", "readout_compare.gui", "readout_compare.store", "readout_compare.export")


def imported_modules(source: str, package: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            names.add(module)
            # "from PySide6 import QtWidgets" imports the submodule PySide6.QtWidgets
            names.update(f"{module}.{alias.name}" for alias in node.names)
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
    assert "PySide6.QtWidgets" in imported_modules("from PySide6 import QtWidgets", "readout_compare.export")
    assert "PySide6.QtWidgets" in imported_modules("def f():\n    import PySide6.QtWidgets\n", "readout_compare.export")


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    """``lint-imports`` on this checkout's package (not whichever copy is installed)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    command = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", command, "--no-cache", "--no-logo", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_the_import_contracts_are_kept():
    result = lint_imports()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    names = [contract["name"] for contract in config["contracts"]]
    assert any(contract["type"] == "layers" for contract in config["contracts"])
    for name in names:
        assert f"{name} KEPT" in output, output
    assert f"{len(names)} kept, 0 broken" in output, output


def test_lint_imports_sees_the_package(tmp_path):
    # guard against the contracts passing because import-linter finds nothing: the window does
    # import Qt, so a contract saying it does not must break
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "readout_compare"\ninclude_external_packages = true\n\n'
        '[[tool.importlinter.contracts]]\nname = "the window without Qt"\ntype = "forbidden"\n'
        'source_modules = ["readout_compare.gui"]\nforbidden_modules = ["PySide6"]\n',
        encoding="utf-8",
    )
    result = lint_imports(str(config))
    assert result.returncode != 0, result.stdout + result.stderr
    assert "the window without Qt BROKEN" in result.stdout, result.stdout + result.stderr


KNOWN_WIDGET_IMPORTS: set[str] = set()  # none tolerated (export makes a QGuiApplication when it needs one)


def test_export_and_store_use_no_widgets():
    # export may draw with QtGui, QtCore and QtPrintSupport (the PDF briefing); never widgets
    found = set()
    for folder in ("export", "store"):
        for module in sorted((PACKAGE / folder).rglob("*.py")):
            relative = module.relative_to(PACKAGE)
            package = ".".join(("readout_compare", *relative.parent.parts))
            for name in imported_modules(module.read_text(encoding="utf-8"), package):
                if name == "PySide6.QtWidgets" or name.startswith("PySide6.QtWidgets."):
                    found.add(f"{relative.as_posix()} imports PySide6.QtWidgets")
    assert found == KNOWN_WIDGET_IMPORTS, "new widget imports, or a known one fixed (then drop it from KNOWN_WIDGET_IMPORTS)"


KNOWN_CYCLES: set[frozenset[str]] = set()  # none tolerated

IMPORT_GRAPH = (
    "import json, sys, grimp\n"
    "graph = grimp.build_graph(sys.argv[1], cache_dir=None)\n"
    "print(json.dumps({m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}))\n"
)


def import_cycles(root: Path, package: str = "readout_compare") -> set[frozenset[str]]:
    """The sets of modules of ``package`` (found under ``root``) that import one another in a
    circle: the strongly connected components of grimp's import graph, which counts imports made
    inside functions too."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    result = subprocess.run([sys.executable, "-c", IMPORT_GRAPH, package], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    edges: dict[str, list[str]] = json.loads(result.stdout)
    # Tarjan's algorithm, without recursion
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: set[frozenset[str]] = set()
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in edges), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.add(frozenset(component))
    return cycles


def test_no_import_cycle_in_the_package():
    found = import_cycles(ROOT)
    new = sorted(sorted(cycle) for cycle in found - KNOWN_CYCLES)
    assert new == [], f"modules importing one another in a circle: {new}"


def test_the_cycle_check_sees_a_cycle(tmp_path):
    # guard against the test above passing because it cannot see anything: a package whose
    # window imports its library side (inside a function) and the library side the window back
    package = tmp_path / "circle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text("def build():\n    from .front import Front\n    return Front\n")
    (package / "front.py").write_text("from . import window\nclass Front:\n    pass\n")
    (package / "alone.py").write_text("import json\n")
    assert import_cycles(tmp_path, "circle") == {frozenset({"circle.window", "circle.front"})}
