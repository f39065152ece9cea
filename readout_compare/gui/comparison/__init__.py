"""The comparison room: the accounts side by side (panes of claim boxes, the link map's bands,
the overview strips), the legend, the claims table, the cues and the "why" tooltips.

It reads a ``core.reading.Reading`` and never changes it. It imports nothing from the library or
the briefing rooms (an import-linter contract in pyproject.toml keeps the rooms apart).
"""
