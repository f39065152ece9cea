"""Writing a PDF briefing in a separate process, so the window never freezes while it is laid out.

Why a process and not only a thread: some writers spend long stretches in one C call that
keeps Python's global lock — Qt lays the whole PDF out in ``QTextDocument.pageCount`` (PySide
holds the lock), python-docx serialises the Word file in one lxml call, ``json.dumps`` encodes
in C. A worker thread doing that stops the GUI thread's Python code (every paint of the panes)
for as long as the call takes: a third of a second for an 80-page PDF, 150 ms for the Word file
of two 20,000-word accounts. A child process has its own lock. HTML and CSV are built in small
steps that yield the lock every few milliseconds, and are written on a worker thread.

The child is ``python -m readout_compare.gui.briefing.export_process`` (a fresh interpreter: never fork
a process that runs Qt threads, and no re-import of the caller's main script as
multiprocessing's "spawn" does). It reads the comparison and options pickled on its standard
input, writes with ``write_briefing`` (atomically, as always) and reports progress, the path or
a one-line error as tagged lines on its standard output. The caller blocks reading them, which
releases the lock; run it on a worker thread.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

from ...core.model import Comparison
from ...export.writers import ExportError

IN_PROCESS = ("pdf", "docx", "json")  # formats whose writer holds Python's lock for long stretches
TAG = "@readout-export@"  # marks our lines among whatever else the child prints (Qt warnings)


def _say(*parts: object) -> None:
    text = "\t".join(str(p).replace("\t", " ").replace("\n", " ") for p in parts)
    sys.stdout.write(f"{TAG}{text}\n")
    sys.stdout.flush()


def child_main() -> int:
    # No display is needed to write a file; never let Qt try to open one in the child.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    comparison, fmt, path, options = pickle.load(sys.stdin.buffer)
    from ...export.writers import write_briefing
    from ..background import one_line

    try:
        written = write_briefing(comparison, fmt, path, progress=lambda p, t: _say("progress", int(p), t), **options)
    except Exception as exc:  # noqa: BLE001 - sent to the window as one line
        _say("error", one_line(exc))
        return 1
    _say("done", written)
    return 0


def write_in_process(
    comparison: Comparison,
    fmt: str,
    path: str,
    *,
    title: str = "",
    judgements: Mapping[str, Any] | None = None,
    paper: str = "a4",
    event_date: str = "",
    progress: Callable[[int, str], None] | None = None,
    record: Mapping[str, Any] | None = None,
) -> str:
    """``write_briefing`` in a child process; returns the path written, raises ExportError."""
    report = progress or (lambda _p, _t: None)
    options = {"title": title, "judgements": dict(judgements) if judgements else None, "paper": paper,
               "event_date": event_date, "record": dict(record) if record else None}
    payload = pickle.dumps((comparison, fmt, str(path), options), protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ)
    # the child imports this very copy of the package, wherever it was imported from
    package_root = str(Path(__file__).resolve().parents[3])  # readout_compare/gui/briefing/export_process.py
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    report(0, f"Starting the {fmt.upper()} writer")
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "readout_compare.gui.briefing.export_process"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
        )
    except OSError as exc:
        raise ExportError(f"cannot start the {fmt.upper()} writer: {exc.strerror or exc}") from exc
    outcome: list[str] | None = None
    other: list[str] = []
    try:
        child.stdin.write(payload)
        child.stdin.close()
        for raw in child.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not line.startswith(TAG):
                other = (other + [line.strip()])[-3:]
                continue
            parts = line[len(TAG):].split("\t")
            if parts[0] == "progress" and len(parts) == 3:
                report(int(parts[1]), parts[2])
            elif parts[0] in ("done", "error"):
                outcome = parts
    except BrokenPipeError:
        pass  # the child died early: said below with its exit code
    finally:
        child.stdout.close()
        child.wait()
    if outcome is None:
        said = f": {other[-1]}" if other and other[-1] else ""
        raise ExportError(f"the {fmt.upper()} writer stopped unexpectedly (exit code {child.returncode}){said}")
    if outcome[0] == "error":
        raise ExportError(outcome[1] if len(outcome) > 1 else "the export failed")
    return outcome[1]


if __name__ == "__main__":
    sys.exit(child_main())
