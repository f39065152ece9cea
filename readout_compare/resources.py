"""Files shipped with the application (glossary, stylesheets, report templates, samples).

Found through importlib.resources so they work from a wheel, a zip or a source checkout
(where readout_compare/resources and readout_compare/samples are symlinks to the top-level folders).
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(name: str) -> Traversable:
    return files("readout_compare").joinpath("resources").joinpath(name)


def read_resource(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def samples_folder() -> Traversable:
    return files("readout_compare").joinpath("samples")


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
