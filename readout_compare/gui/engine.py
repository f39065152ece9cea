"""How the window runs the engine: the one place the window chooses ``core.compare.Settings``.

File comparisons (the comparison room's runner) and the library's imports and re-alignments use
the same settings: the matcher the analyst chose (READOUT_COMPARE_MATCHER, else semantic when
the extra is installed and its model loads, else lexical) and her glossary from the library.
Called on worker threads: the semantic model loads there, once per process; a refused model
falls back to the lexical matcher and the comparison's notes say so. No Qt here.
"""

from __future__ import annotations

from typing import Sequence

from ..core.boundaries import Boundary
from ..core.compare import Settings, compare
from ..core.model import Account, Comparison


def window_settings(glossary: str = "", boundaries: Sequence[Boundary] = ()) -> Settings:
    """The matcher the analyst chose (None: decided where the engine runs), her glossary, and (for
    a stored event) her own claim boundaries."""
    return Settings(matcher=None, glossary=glossary, boundaries=tuple(boundaries))


def align_accounts(accounts: Sequence[Account], glossary: str = "", progress=None, boundaries: Sequence[Boundary] = ()) -> Comparison:
    """The engine as the window runs it, for files and library events alike."""
    return compare(accounts, window_settings(glossary, boundaries), progress=progress)
