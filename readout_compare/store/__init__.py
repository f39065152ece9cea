"""The library: events, accounts, claims and the analyst's judgements in a SQL database.

    from readout_compare.store import open_library, repository as repo
    library = open_library()                      # --db URL / READOUT_COMPARE_DB / the embedded default
    comparison = compare(accounts)                # the engine runs outside any transaction
    with library.write() as session:              # one transaction
        saved = repo.create_event(session, "Rouhani–Macron call", accounts, comparison)
    with library.read() as session:
        stored = repo.load_event(session, saved.id)
    stored.comparison                             # the engine's comparison with the analyst's judgements applied

The window runs this on one database thread of its own (gui/library/controller.py) and wraps the do/undo
pairs of ``commands`` in QUndoCommands. Modules: models (tables), database (opening, migrations,
errors), repository (what can be done), judgements (pure: how judgements change a comparison),
commands (undoable changes), worker (a DB thread for scripts and tests), seed (samples on first run),
embeddings (the semantic model's embeddings, kept between sessions).
"""

from . import repository
from .database import Library, default_path, open_library
from .embeddings import LibraryEmbeddings
from .errors import (
    ConcurrentEditError,
    LibraryCorruptError,
    LibraryError,
    LibraryLockedError,
    LibraryNewerError,
    LibraryReadOnlyError,
    LibraryUnavailableError,
    NotFoundError,
)
from .worker import LibraryWorker

__all__ = [
    "ConcurrentEditError", "Library", "LibraryCorruptError", "LibraryError", "LibraryLockedError",
    "LibraryEmbeddings", "LibraryNewerError", "LibraryReadOnlyError", "LibraryUnavailableError", "LibraryWorker",
    "NotFoundError", "default_path", "open_library", "repository",
]
