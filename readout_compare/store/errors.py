"""What can go wrong with a library, each with a one-line message the analyst can act on."""

from __future__ import annotations


class LibraryError(Exception):
    """A library that cannot be opened or written; the message is shown as it is."""


class LibraryNewerError(LibraryError):
    """The database was written by a newer Readout Compare; it is left untouched."""


class LibraryLockedError(LibraryError):
    """Another program holds the database's write lock."""


class LibraryReadOnlyError(LibraryError):
    """The database file (or its folder) cannot be written."""


class LibraryCorruptError(LibraryError):
    """The file is not a readable Readout Compare library."""


class LibraryUnavailableError(LibraryError):
    """The database server cannot be reached or refused the connection."""


class NotFoundError(LibraryError):
    """An event or claim named by the caller does not exist (any more)."""


class ConcurrentEditError(LibraryError):
    """The event was changed by someone else since it was loaded; reload before editing."""

    def __init__(self, title: str = "", message: str | None = None):
        what = f"“{title}”" if title else "this event"
        super().__init__(message or f"{what} was changed by someone else — reload it and make the change again")
