"""Events in the library, aligned by the engine: store, re-align, correct an account.

The store keeps what the engine found; it never runs the engine. These functions read what
they need in one short transaction, run the engine with the analyst's settings outside any
transaction (an alignment can take seconds; a write lock held that long would stall every
other window on a shared library), and store the result in one short write transaction that
checks the event's version, so a colleague's change in between is refused, not overwritten.

The command line and the window's library controller both call these, with the same settings
(``core.compare.Settings``: the chosen matcher and the library's glossary). An event is always
aligned with the analyst's own claim boundaries (her splits and merges, ``event_settings``), so a
re-alignment or a correction keeps them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .core.compare import Settings, compare
from .core.model import Account, Comparison
from .store import repository as repo
from .store.errors import ConcurrentEditError
from .store.repository import Saved, StoredEvent


def library_settings(library, matcher=None) -> Settings:
    """The settings the library's events are aligned with: the matcher chosen, the library's glossary."""
    with library.read() as session:
        glossary = repo.glossary_text(session)
    return Settings(matcher=matcher, glossary=glossary)


def event_settings(stored: StoredEvent, settings: Settings, accounts: Sequence[Account] | None = None) -> Settings:
    """The settings with the analyst's splits and merges of this event, found in ``accounts`` (default: its own)."""
    return replace(settings, boundaries=stored.boundaries(accounts))


def store_event(library, title: str, accounts: Sequence[Account], settings: Settings | None = None,
                comparison: Comparison | None = None, **fields) -> Saved:
    """Align the accounts (unless a comparison is given), then store them as one new event."""
    comparison = comparison or compare(accounts, settings or library_settings(library, "lexical"))
    with library.write() as session:
        return repo.create_event(session, title, accounts, comparison, **fields)


def realign_event(library, event_id: int, settings: Settings | None = None, expected_version: int | None = None) -> Saved:
    """Run the engine again on a stored event; the store re-attaches the analyst's judgements."""
    with library.read() as session:
        stored = repo.load_event(session, event_id)
    _check_version(stored, expected_version)
    comparison = compare(stored.engine.accounts, event_settings(stored, settings or library_settings(library, "lexical")))
    with library.write() as session:
        return repo.save_comparison(session, event_id, comparison, stored.version)


def correct_account(library, event_id: int, account: int, text: str, settings: Settings | None = None,
                    expected_version: int | None = None) -> Saved:
    """Correct one account's text and re-align the event."""
    with library.read() as session:
        stored = repo.load_event(session, event_id)
    _check_version(stored, expected_version)
    accounts = repo.account_edit(stored, account, text)
    comparison = compare(accounts, event_settings(stored, settings or library_settings(library, "lexical"), accounts))
    with library.write() as session:
        return repo.save_comparison(session, event_id, comparison, stored.version)


def _check_version(stored, expected_version: int | None) -> None:
    if expected_version is not None and stored.version != expected_version:
        raise ConcurrentEditError(stored.title)
