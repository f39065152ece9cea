"""Files shipped with the application: glossary, synonyms and places (``resources/``) and the
bundled samples (``samples/``). Everything that reads one of them goes through this module.

Why two places: the folders live once, at the top of the repository beside the package (symlinks
inside the package broke Windows checkouts). The wheel maps them into the package
(hatchling ``force-include`` to ``readout_compare/resources`` and ``readout_compare/samples``),
so an installed application finds them with ``importlib.resources``, wherever and however it is
installed. A source checkout (an editable install, the tests) has no copy inside the package:
there they are the checkout's own top-level folders, beside ``readout_compare/``.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

RESOURCES = "resources"
SAMPLES = "samples"


@functools.cache
def shipped_folder(name: str) -> Traversable:
    """``resources`` or ``samples``: inside the installed package, else the checkout's own folder."""
    package = files("readout_compare")
    inside = package.joinpath(name)
    if inside.is_dir():
        return inside  # an installed wheel
    # A source checkout: the folder beside the package, in the directory that holds pyproject.toml
    # (so that a stray "samples" folder beside an installed package is never taken for ours).
    checkout = Path(str(package)).parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return inside  # neither: callers find a folder that does not exist and say so


def resource(name: str) -> Traversable:
    return shipped_folder(RESOURCES).joinpath(name)


def read_resource(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def samples_folder() -> Traversable:
    return shipped_folder(SAMPLES)


DEFAULT_SAMPLE = "rouhani-macron-2018-01"  # what the window opens the first time


class UnknownSample(LookupError):
    """No bundled sample has that name."""


def sample_files(name: str = DEFAULT_SAMPLE) -> list[str]:
    """The account files of a bundled sample, in the order of its gold links."""
    folder = samples_folder().joinpath(name)
    gold = folder.joinpath("gold.json")
    if not gold.is_file():
        raise UnknownSample(f"no bundled sample named {name!r}")
    data = json.loads(gold.read_text(encoding="utf-8"))
    return [str(folder.joinpath(f)) for f in data["accounts"]]
