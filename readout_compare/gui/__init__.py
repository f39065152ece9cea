"""The comparison window (PySide6 only). Reads the engine's ``Comparison``; never changes it.

Five floors, each importing only the floors below it (an import-linter contract in
pyproject.toml keeps them): ``app`` (start-up) > ``window`` (menus, docks, status bar; composes
the rooms) > ``dialog`` > the rooms ``comparison`` | ``library`` | ``briefing`` (none imports
another) > what they share (``background``: the one way slow work runs; ``actions``, ``engine``,
``matcher``, ``message_bar``, ``settings``).
"""
