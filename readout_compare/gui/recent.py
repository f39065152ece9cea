"""File ▸ Recent: the account files and library events opened lately, newest first.

Kept in the window's settings (QSettings, ``recent/entries``: a JSON list) so they outlive the
window; at most ``KEEP``. An entry is either a set of account files or a stored event of a
library (the library's name is kept with it: an event is offered only in the library it belongs
to). The menu is made again each time it opens, so a file that has gone away says so ("missing:
ebria.txt") and asks nothing of the disk at any other time. "Clear recent" forgets them all.
A scripted run (a screenshot) neither reads nor adds entries.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from typing import Callable

from PySide6.QtWidgets import QMenu, QWidget

from ..core.plural import verb
from . import settings as stored
from .actions import GENERATED_MENU

KEY = "recent/entries"
KEEP = 10
LONGEST = 70  # characters of an entry's text in the menu; the whole in its status tip


@dataclass(frozen=True)
class Recent:
    kind: str  # "files" or "event"
    paths: tuple[str, ...] = ()
    library: str = ""  # the library's name, for an event
    event: int = 0
    title: str = ""

    def missing(self) -> list[str]:
        """The files of this entry that are no longer there."""
        return [p for p in self.paths if not os.path.isfile(p)]

    def text(self) -> str:
        if self.kind == "event":
            return self.title or f"event {self.event}"
        return " + ".join(os.path.basename(p) for p in self.paths)


def _load() -> list[Recent]:
    raw = stored.settings().value(KEY, "")
    try:
        items = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return []  # written by something else: start afresh rather than fail
    out = []
    for item in items if isinstance(items, list) else []:
        try:
            out.append(Recent(item["kind"], tuple(item.get("paths", ())), item.get("library", ""),
                              int(item.get("event", 0)), item.get("title", "")))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _save(entries: list[Recent]) -> None:
    s = stored.settings()
    s.setValue(KEY, json.dumps([{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(e).items()} for e in entries[:KEEP]]))
    s.sync()


def entries() -> list[Recent]:
    return _load()


def add(entry: Recent) -> None:
    """Put ``entry`` first; the same files, or the same event of the same library, only once."""
    same = (lambda e: e.kind == "files" and e.paths == entry.paths) if entry.kind == "files" else \
        (lambda e: e.kind == "event" and e.library == entry.library and e.event == entry.event)
    _save([entry] + [e for e in _load() if not same(e)])


def clear() -> None:
    _save([])


def _short(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


@dataclass
class RecentMenu:
    """File ▸ Recent for a window: ``menu`` to place; ``open_files(paths)`` and
    ``open_event(event_id)`` to call; ``library()`` names the library open now ("" for none);
    ``say(text)`` tells the analyst why an entry could not be opened."""

    parent: QWidget
    open_files: Callable[[list[str]], None]
    open_event: Callable[[int], None]
    library: Callable[[], str]
    say: Callable[[str], None]
    remember: bool = True
    menu: QMenu = field(init=False)

    def __post_init__(self) -> None:
        self.menu = QMenu("&Recent", self.parent)
        self.menu.setProperty(GENERATED_MENU, True)  # the shortcuts list skips these entries
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.fill)
        self.fill()

    def files_shown(self, paths: list[str]) -> None:
        if self.remember and len(paths) >= 2 and all(paths):
            add(Recent("files", tuple(os.path.abspath(p) for p in paths)))

    def event_shown(self, event_id: int, title: str) -> None:
        if self.remember and self.library():
            add(Recent("event", library=self.library(), event=event_id, title=title))

    def fill(self) -> None:
        """The entries as they are now: this library's events and every set of files, newest first."""
        self.menu.clear()
        library = self.library()
        shown = [e for e in (entries() if self.remember else []) if e.kind == "files" or (library and e.library == library)]
        for n, entry in enumerate(shown, 1):
            missing = entry.missing()
            where = "event" if entry.kind == "event" else "files"
            label = _short(entry.text()) + (f"  (missing: {', '.join(os.path.basename(p) for p in missing)})" if missing else "")
            action = self.menu.addAction(f"&{n % 10}  {label}" if n <= 10 else label)
            full = entry.title if entry.kind == "event" else "\n".join(entry.paths)
            action.setToolTip(full + ("\nno longer there: " + ", ".join(missing) if missing else ""))
            action.setStatusTip(f"Open the {where}: {entry.text()}")
            action.triggered.connect(lambda _c=False, e=entry: self.open(e))
        if not shown:
            self.menu.addAction("No recent files or events").setEnabled(False)
        self.menu.addSeparator()
        clear_action = self.menu.addAction("&Clear recent")
        clear_action.setEnabled(bool(shown))
        clear_action.triggered.connect(self.clear)

    def open(self, entry: Recent) -> None:
        if entry.kind == "event":
            self.open_event(entry.event)
            return
        missing = entry.missing()
        if missing:
            self.say(f"Cannot open {entry.text()}: {', '.join(missing)} {verb(len(missing), 'is', 'are')} no longer there.")
            return
        self.open_files(list(entry.paths))

    def clear(self) -> None:
        clear()
        self.fill()
