"""Readout Compare: align official accounts of the same event and show where they differ."""

__version__ = "0.1.0"
