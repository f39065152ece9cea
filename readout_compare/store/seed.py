"""The bundled samples, stored as events when the embedded library is first created.

An analyst opening the application for the first time finds worked examples in her library
rather than an empty list. A sample that cannot be read is skipped: seeding never stops the
library from opening.
"""

from __future__ import annotations

import json
import logging

from ..core.ingest import IngestError, account_from_text
from ..resources import samples_folder
from .repository import create_event

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
    """Store each bundled sample as one event; returns how many were stored."""
    stored = 0
    for title, date, files in bundled_samples():
        try:
            accounts = [
                account_from_text(f.read_text(encoding="utf-8"), default_label=f.name.rsplit(".", 1)[0], name=f.name, is_html=f.name.endswith((".html", ".htm")))
                for f in files
            ]
        except (OSError, UnicodeDecodeError, IngestError) as exc:
            log.warning("sample %s skipped: %s", title, exc)
            continue
        from ..core.compare import compare  # TODO(one-truth): seeding moves above the store

        comparison = compare(accounts)
        with library.write() as session:
            create_event(session, title, accounts, comparison, date=date)
        stored += 1
    return stored
