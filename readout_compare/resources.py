"""Files shipped with the application (glossary, stylesheets, report templates, samples).

Found through importlib.resources so they work from a wheel, a zip or a source checkout
(where readout_compare/resources and readout_compare/samples are symlinks to the top-level folders).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(name: str) -> Traversable:
    return files("readout_compare").joinpath("resources").joinpath(name)


def read_resource(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def samples_folder() -> Traversable:
    return files("readout_compare").joinpath("samples")
