"""The comparison window (PySide6 only). Reads the engine's ``Comparison``; never changes it."""

from . import _none_refcount  # noqa: F401  (must run before the window makes many Qt calls)
