"""The bundled samples, stored as events when the embedded library is first created.

An analyst opening the application for the first time finds worked examples in her library
rather than an empty list. A sample that cannot be read is skipped: seeding never stops the
library from opening. All the samples are stored in one transaction, and the library remembers
whether that transaction happened (``LibraryState.samples``), so an interrupted first run is
completed at the next one instead of leaving some of the samples for ever.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import func, select

from ..core.compare import compare
from ..core.ingest import IngestError, account_from_text
from ..resources import samples_folder
from . import repository
from .models import Annotation, Event, Judgement, LibraryState

PENDING, DONE = "pending", "done"

log = logging.getLogger(__name__)


def bundled_samples() -> list[tuple[str, str, list]]:
    """(title, date, account files) for every bundled sample, in name order."""
    folder = samples_folder()
    if not folder.is_dir():
        return []
    out = []
    for child in sorted(folder.iterdir(), key=lambda c: c.name):
        gold = child.joinpath("gold.json")
        if not gold.is_file():
            continue
        try:
            data = json.loads(gold.read_text(encoding="utf-8"))
            files = [child.joinpath(name) for name in data["accounts"]]
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("sample %s skipped: %s", child.name, exc)
            continue
        title = data.get("title") or child.name.replace("-", " ").capitalize()
        out.append((title, str(data.get("date", "")), files))
    return out


def seed_samples(library) -> int:
    """Store every bundled sample the library does not have yet, all in one transaction, and
    mark the library's samples done; returns how many were stored.

    The samples are read and aligned first, outside the transaction (the write lock is held only
    to store them). Killed before the commit, the library has none of them and is still marked
    "pending", so the next opening stores them all.
    """
    prepared = []
    for title, date, files in bundled_samples():
        try:
            accounts = [
                account_from_text(f.read_text(encoding="utf-8"), default_label=f.name.rsplit(".", 1)[0], name=f.name, is_html=f.name.endswith((".html", ".htm")))
                for f in files
            ]
        except (OSError, UnicodeDecodeError, IngestError) as exc:
            log.warning("sample %s skipped: %s", title, exc)
            continue
        prepared.append((title, date, accounts, compare(accounts)))
    with library.write() as session:
        state = repository.lock_library_state(session)
        if state.samples == DONE:
            return 0  # another process stored them while these were being aligned
        present = set(session.scalars(select(Event.title)))
        stored = 0
        for title, date, accounts, comparison in prepared:
            if title.strip() not in present:
                repository.create_event(session, title, accounts, comparison, date=date)
                stored += 1
        state.samples = DONE
    return stored


def complete_samples(library) -> int:
    """Give the library the bundled samples if it was to get them and does not have them all.

    "pending": a first run that did not finish; stored now. Unknown (a library made by a version
    that did not keep track): if it holds only some of the samples, and nothing of the analyst's
    (no other event, no judgement, no annotation), its first run was cut short, so the missing
    samples are added; either way it is then marked done, and never looked at again.
    """
    with library.read() as session:
        state = session.get(LibraryState, 1)
        status = state.samples if state is not None else None
        if status == DONE:
            return 0
        if status != PENDING:
            titles = set(session.scalars(select(Event.title)))
            samples = {title for title, _, _ in bundled_samples()}
            mine = session.scalar(select(func.count()).select_from(Judgement)) or session.scalar(select(func.count()).select_from(Annotation))
            interrupted = titles < samples and not mine
    if status == PENDING or interrupted:
        return seed_samples(library)
    with library.write() as session:
        repository.lock_library_state(session).samples = DONE
    return 0
