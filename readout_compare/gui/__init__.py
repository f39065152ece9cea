"""The comparison window (PySide6 only). Reads the engine's ``Comparison``; never changes it."""
