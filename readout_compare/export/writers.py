"""One entry point for every briefing format: comparison in, file out.

``write_briefing(comparison, "pdf", path, title=..., judgements=...)`` builds the briefing
model once and hands it to the writer of the format. The file appears only when it is
complete: each writer writes a temporary file beside the target, which then replaces it, so
a failed export never leaves half a file nor destroys the previous one.

No Qt event loop is needed, and nothing here touches widgets: the window can run it in a
worker thread (QThreadPool) and report ``progress`` through a signal.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable, Mapping

from ..core.model import Comparison
from .briefing import Briefing, briefing_title, build_briefing
from .fitting import ellipsize

FORMATS = ("html", "pdf", "docx", "csv", "json")
SUFFIX = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "csv": ".csv", "json": ".json"}
Progress = Callable[[int, str], None]


class ExportError(Exception):
    """An export the user asked for cannot be made (bad format, folder missing, disk full)."""


def _write(fmt: str, comparison: Comparison, briefing: Briefing | None, path: Path, paper: str,
           judgements: Mapping[str, Any] | None, progress: Progress, record: Mapping[str, Any] | None = None,
           title: str = "") -> None:
    if fmt == "html":
        from .html_form import write_html
        write_html(briefing, path)
    elif fmt == "pdf":
        from .pdf_form import write_pdf
        # The PDF is the slow one on long accounts: pass its page-by-page progress on (20-95%).
        write_pdf(briefing, path, paper=paper, progress=lambda p, s: progress(20 + p * 3 // 4, s))
    elif fmt == "docx":
        from .docx_form import write_docx
        write_docx(briefing, path, paper=paper)
    elif fmt == "csv":
        from .csv_form import write_csv
        write_csv(briefing, path)
    elif fmt == "json":
        from .json_form import write_json
        with open(path, "w", encoding="utf-8") as out:
            write_json(comparison, out, judgements=judgements, title=briefing_title(comparison, title), record=record)
            out.write("\n")


def check_target(path: str | os.PathLike) -> Path:
    """The file to write, if it can be written there; checked before any long work starts.

    Refused, each in one line naming the target: a folder, a missing folder, a folder that cannot
    be written (tried, not guessed from permission bits), an existing file that is read-only (an
    export never replaces what its owner protected), and anything that is not a regular file.
    """
    target = Path(path)
    shown = repr(str(target))
    if target.is_dir():
        raise ExportError(f"{shown} is a folder; give a file name")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {shown}: the folder {str(folder)!r} does not exist")
    if target.exists() or target.is_symlink():
        try:
            info = target.stat()
        except OSError as exc:
            raise ExportError(f"cannot write {shown}: {exc.strerror or exc}") from None
        if not stat.S_ISREG(info.st_mode):
            raise ExportError(f"cannot write {shown}: it is not a regular file")
        # Root may write any file: the permission bits still say what its owner wants.
        if not os.access(target, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise ExportError(f"cannot write {shown}: the file is read-only; it was left as it is")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass  # the export's own temporary file will be made there: can it be?
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: the folder cannot be written ({exc.strerror or exc})") from None
    return target


def write_briefing(
    comparison: Comparison,
    fmt: str,
    path: str | os.PathLike,
    *,
    title: str = "",
    judgements: Mapping[str, Any] | None = None,
    paper: str = "a4",
    prepared: _dt.date | str | None = None,
    event_date: str = "",
    progress: Progress | None = None,
    record: Mapping[str, Any] | None = None,
) -> Path:
    """Write the briefing of ``comparison`` as ``fmt`` to ``path``; returns the path.

    ``record`` (``json_form.library_record`` of a stored event) adds the analyst's full record to a
    JSON export, as ``show --format json`` prints it.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if paper.lower() not in ("a4", "letter"):
        raise ExportError(f"unknown paper size {paper!r}: choose a4 or letter")
    report = progress or (lambda _p, _s: None)
    target = check_target(path)
    report(0, "Preparing the briefing")
    # JSON is written from the comparison itself (its own summary object); CSV shows no summary.
    briefing = None if fmt == "json" else build_briefing(
        comparison, title=title, judgements=judgements, prepared=prepared, event_date=event_date, written=fmt != "csv")
    report(20, f"Writing {fmt.upper()}")
    # A hidden name beside the target (same disk, so the final rename is atomic); created by the
    # writer itself, so the file gets the user's usual permissions.
    temporary = str(target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part{SUFFIX[fmt]}"))
    try:
        _write(fmt, comparison, briefing, Path(temporary), paper.lower(), judgements, report, record, title)
        os.replace(temporary, target)
    except (OSError, ValueError) as exc:
        # Named by the target, never by the hidden temporary file; a writer's refusal (ValueError:
        # python-docx, a text no encoding can write) said in a line too.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{exc}" or type(exc).__name__
        raise ExportError(f"cannot write {str(target)!r}: {ellipsize(' '.join(reason.split()), 200)}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    report(100, "Done")
    return target
